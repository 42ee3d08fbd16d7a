import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  PullRequestRef,
  RequestState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { OnTransition, RequestStore } from './types';
import { recordRequestEvent } from './requestEvents';

/** States in which a request holds the certificate's open key. */
const OPEN_STATES: RequestState[] = ['pending', 'pr-open', 'failed'];
/** States that give the request's names back. */
const RELEASING_STATES: RequestState[] = [
  'closed',
  'cancelled',
  'decommissioned',
];

/** A state change with what the lifecycle records besides it. */
export type LifecycleChange = {
  state: RequestState;
  actor: string;
  message?: string;
  /** Applied only while the request is in one of these states; else nothing changes. */
  from?: RequestState[];
  pullRequest?: PullRequestRef;
  error?: string | null;
  failedStep?: string | null;
  attempts?: number;
  nextAttemptAt?: Date | null;
  /** The request content the pull request now carries, and what changed since the previous one. */
  published?: { json: string; changeNote: string | null };
  cleanupPending?: boolean;
};

/** What the publisher reads of a request besides its record. */
export type PublishInfo = {
  operation: 'create' | 'decommission';
  requestJson: string;
  publishedJson?: string;
  changeNote?: string;
  attempts: number;
  cleanupPending: boolean;
};

/**
 * The lifecycle side of the request table: leases (one publisher per
 * request across instances), retries, cancelling and decommission
 * requests. Uses the same tables as the request store.
 */
export class KnexLifecycleStore {
  constructor(
    private readonly db: Knex,
    private readonly requests: Pick<RequestStore, 'get'>,
    private readonly now: () => Date,
    private readonly onTransition?: OnTransition,
  ) {}

  /**
   * Claims the request for `owner` until `ttlMs` from now, unless another
   * owner holds an unexpired lease: one conditional UPDATE, so two
   * instances can never both win.
   */
  async claim(id: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const updated = await this.db('certificate_requests')
      .where({ id })
      .andWhere(q =>
        q
          .whereNull('lease_owner')
          .orWhere('lease_owner', owner)
          .orWhere('lease_until', '<', now),
      )
      .update({
        lease_owner: owner,
        lease_until: new Date(now.getTime() + ttlMs),
      });
    return updated === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db('certificate_requests')
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  async publishInfo(id: string): Promise<PublishInfo | undefined> {
    const row = await this.db('certificate_requests')
      .where({ id })
      .select(
        'operation',
        'request_json',
        'published_json',
        'change_note',
        'attempts',
        'cleanup_pending',
      )
      .first();
    if (!row) return undefined;
    return {
      operation: row.operation === 'decommission' ? 'decommission' : 'create',
      requestJson: row.request_json,
      publishedJson: row.published_json ?? undefined,
      changeNote: row.change_note ?? undefined,
      attempts: Number(row.attempts ?? 0),
      cleanupPending: !!row.cleanup_pending,
    };
  }

  /** Pending requests whose backoff has passed, and cancelled ones still to be cleaned up. */
  async due(): Promise<{ publish: string[]; cleanup: string[] }> {
    const now = this.now();
    const publish = await this.db('certificate_requests')
      .where({ state: 'pending' })
      // A bulk request's pending requests are published by their batch, one pull request per team.
      .whereNull('batch_id')
      .andWhere(q =>
        q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now),
      )
      .orderBy('created_at', 'asc')
      .pluck('id');
    const cleanup = await this.db('certificate_requests')
      .where({ state: 'cancelled' })
      .andWhere('cleanup_pending', true)
      .pluck('id');
    return { publish, cleanup };
  }

  /**
   * Records a state change with its event. With `from`, the change applies
   * only while the request is in one of those states (a cancel or a second
   * instance got there first): then nothing is written and `changed` is false.
   */
  async transition(
    id: string,
    change: LifecycleChange,
  ): Promise<{ record: StoredCertificateRequest; changed: boolean }> {
    const now = this.now();
    let from = '';
    let team = '';
    const changed = await this.db.transaction(async tx => {
      const row = await tx('certificate_requests')
        .where({ id })
        .select('state', 'operation', 'team', 'certificate_name')
        .first();
      if (!row) throw new NotFoundError(`request ${id} not found`);
      if (change.from && !change.from.includes(row.state)) return false;
      from = row.state;
      team = row.team;
      await tx('certificate_requests')
        .where({ id })
        .update(this.columns(change, now));
      if (RELEASING_STATES.includes(change.state))
        await tx('certificate_names').where({ request_id: id }).delete();
      await this.event(tx, id, change, now);
      if (change.state === 'merged' && row.operation === 'decommission') {
        await this.retireCertificate(tx, row, id, change.actor, now);
      }
      return true;
    });
    if (changed) this.onTransition?.({ id, team, from, to: change.state });
    const record = await this.requests.get(id);
    return { record: record!, changed };
  }

  private columns(change: LifecycleChange, now: Date) {
    const pr = change.pullRequest;
    return {
      state: change.state,
      updated_at: now,
      ...(OPEN_STATES.includes(change.state) ? {} : { open_key: null }),
      ...(pr
        ? {
            pr_url: pr.url,
            pr_number: pr.number,
            pr_branch: pr.branch,
            pr_state: pr.state,
          }
        : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.failedStep !== undefined
        ? { failed_step: change.failedStep }
        : {}),
      ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
      ...(change.nextAttemptAt !== undefined
        ? { next_attempt_at: change.nextAttemptAt }
        : {}),
      ...(change.published
        ? {
            published_json: change.published.json,
            change_note: change.published.changeNote,
          }
        : {}),
      ...(change.cleanupPending !== undefined
        ? { cleanup_pending: change.cleanupPending }
        : {}),
    };
  }

  private async event(
    tx: Knex.Transaction,
    id: string,
    change: LifecycleChange,
    now: Date,
  ) {
    await recordRequestEvent(tx, id, change, now);
  }

  /** A merged decommission retires the merged requests of its certificate, in the same transaction. */
  private async retireCertificate(
    tx: Knex.Transaction,
    row: { team: string; certificate_name: string },
    decommissionId: string,
    actor: string,
    now: Date,
  ) {
    const retired: string[] = await tx('certificate_requests')
      .where({
        team: row.team,
        certificate_name: row.certificate_name,
        state: 'merged',
        operation: 'create',
      })
      .pluck('id');
    if (retired.length === 0) return;
    await tx('certificate_requests')
      .whereIn('id', retired)
      .update({ state: 'decommissioned', updated_at: now });
    await tx('certificate_names').whereIn('request_id', retired).delete();
    await tx('certificate_request_events').insert(
      retired.map(id => ({
        request_id: id,
        at: now,
        actor,
        state: 'decommissioned',
        message: `certificate removed by decommission request ${decommissionId}`,
      })),
    );
  }

  /**
   * Stores the decommission request of a live certificate, or returns the
   * one already open: the open key (`<team>/<certificate>`) admits one open
   * request per certificate, so twins and a concurrent change collide.
   */
  async createDecommission(
    of: StoredCertificateRequest,
    actor: string,
  ): Promise<{ record: StoredCertificateRequest; created: boolean }> {
    const openKey = `${of.team}/${of.certificateName}`;
    const existing = await this.db('certificate_requests')
      .where({ open_key: openKey })
      .select('id', 'operation')
      .first();
    if (existing) {
      if (existing.operation !== 'decommission')
        throw new ConflictError(
          `certificate: ${of.team}/${of.certificateName} has an open request ${existing.id}; cancel it or wait for its merge`,
        );
      return {
        record: (await this.requests.get(existing.id))!,
        created: false,
      };
    }
    const source = await this.db('certificate_requests')
      .where({ id: of.id })
      .select('request_json', 'names_json', 'issuer')
      .first();
    const id = randomUUID();
    const now = this.now();
    try {
      await this.db.transaction(async tx => {
        await tx('certificate_requests').insert({
          id,
          team: of.team,
          certificate_name: of.certificateName,
          issuer: source.issuer,
          state: 'pending',
          operation: 'decommission',
          open_key: openKey,
          content_hash: createHash('sha256')
            .update(`decommission ${openKey} ${id}`)
            .digest('hex'),
          request_json: source.request_json,
          names_json: source.names_json,
          created_by: actor,
          created_at: now,
          updated_at: now,
        });
        await this.event(
          tx,
          id,
          {
            state: 'pending',
            actor,
            message: `decommission of ${openKey} requested (certificate from request ${of.id})`,
          },
          now,
        );
      });
    } catch (error) {
      // A concurrent twin took the open key: answer with its record.
      const twin = await this.db('certificate_requests')
        .where({ open_key: openKey, operation: 'decommission' })
        .select('id')
        .first();
      if (!twin) throw error;
      return { record: (await this.requests.get(twin.id))!, created: false };
    }
    return { record: (await this.requests.get(id))!, created: true };
  }
}

export async function createLifecycleStore(options: {
  database: DatabaseService;
  requests: Pick<RequestStore, 'get'>;
  now?: () => Date;
  /** Told of every committed state change (the notifier runs on it). */
  onTransition?: OnTransition;
}): Promise<KnexLifecycleStore> {
  return new KnexLifecycleStore(
    await options.database.getClient(),
    options.requests,
    options.now ?? (() => new Date()),
    options.onTransition,
  );
}
