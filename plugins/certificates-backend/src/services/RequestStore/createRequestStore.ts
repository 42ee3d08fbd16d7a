import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  CertificateRequest,
  PullRequestRef,
  RequestEvent,
  RequestOperation,
  RequestState,
  ResolvedCertificateRequest,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  CreateRequestInput,
  CreateRequestResult,
  OnTransition,
  PublishProgress,
  RequestStore,
  StateChange,
} from './types';
import { OPEN_STATES } from './states';
import { transitionRequest } from './transition';
import { withPullRequestShares } from './pullRequestShares';
import { IdempotencyKeyReusedError } from './errors';
import { RequestListCriteria, whereCriteria } from './listCriteria';
import { assertNoCertificateNameCollision } from './certificateNameCollision';
import { isUniqueViolation } from './uniqueViolation';
import { recordRequestEvent } from './requestEvents';

const MIGRATIONS = resolvePackagePath(
  '@internal/plugin-certificates-backend',
  'migrations',
);

type Row = {
  id: string;
  team: string;
  certificate_name: string;
  issuer: string;
  state: RequestState;
  content_hash: string;
  idempotency_key: string | null;
  request_json: string;
  names_json: string;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
  pr_url: string | null;
  pr_number: number | null;
  pr_branch: string | null;
  pr_state: PullRequestRef['state'] | null;
  publish_step_json: string | null;
  error: string | null;
  operation?: RequestOperation | null;
  failed_step?: string | null;
  attempts?: number | null;
  next_attempt_at?: string | Date | null;
  batch_id?: string | null;
};

/** The content a request is identical by: what it asks for, not who or when. */
export function requestContentHash(
  resolved: ResolvedCertificateRequest,
): string {
  const r = resolved.request;
  const canonical = JSON.stringify([
    r.team,
    resolved.certificateName,
    resolved.names,
    r.issuer,
    r.keyAlgorithm,
    r.justification ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Unique while a request is open, so concurrent twins cannot both be stored. */
function openKey(team: string, certificateName: string): string {
  return `${team}/${certificateName}`;
}

function iso(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toRecord(row: Row): StoredCertificateRequest {
  const request = JSON.parse(row.request_json) as CertificateRequest;
  return {
    id: row.id,
    state: row.state,
    team: row.team,
    certificateName: row.certificate_name,
    names: JSON.parse(row.names_json),
    issuer: row.issuer,
    keyAlgorithm: request.keyAlgorithm,
    ...(request.justification ? { justification: request.justification } : {}),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    ...(row.pr_url && row.pr_number !== null && row.pr_branch && row.pr_state
      ? {
          pullRequest: {
            url: row.pr_url,
            number: row.pr_number,
            branch: row.pr_branch,
            state: row.pr_state,
          },
        }
      : {}),
    ...(row.error ? { error: row.error } : {}),
    ...lifecycleFields(row),
    ...(row.batch_id ? { batchId: row.batch_id } : {}),
  };
}

/** What the lifecycle columns (migration 20261202120000) add to a record. */
function lifecycleFields(row: Row): Partial<StoredCertificateRequest> {
  return {
    ...(row.operation === 'decommission'
      ? { operation: 'decommission' as const }
      : {}),
    ...(row.failed_step ? { failedStep: row.failed_step } : {}),
    ...(row.attempts ? { attempts: row.attempts } : {}),
    ...(row.next_attempt_at ? { nextAttemptAt: iso(row.next_attempt_at) } : {}),
  };
}

export class KnexRequestStore implements RequestStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
    private readonly onTransition?: OnTransition,
  ) {}

  async createOrGet(input: CreateRequestInput): Promise<CreateRequestResult> {
    // A concurrent twin may win the race for a name; the retry then finds it.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(tx => this.createOrGetIn(tx, input));
      } catch (error) {
        if (attempt < 5 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /**
   * {@link createOrGet} inside the caller's transaction, so a bulk request
   * stores all of its rows or none. No retry: the caller retries the whole
   * transaction after a unique violation.
   */
  createOrGetInTransaction(
    tx: Knex.Transaction,
    input: CreateRequestInput,
  ): Promise<CreateRequestResult> {
    return this.createOrGetIn(tx, input);
  }

  private async createOrGetIn(
    tx: Knex.Transaction,
    input: CreateRequestInput,
  ): Promise<CreateRequestResult> {
    const { resolved, actor, idempotencyKey } = input;
    const team = resolved.request.team;
    const contentHash = requestContentHash(resolved);
    if (idempotencyKey) {
      const byKey = await tx<Row>('certificate_requests')
        .where({ created_by: actor, idempotency_key: idempotencyKey })
        .first();
      // A retry carries the same body; another body under the same key is a client bug, not a retry.
      if (byKey && (byKey.team !== team || byKey.content_hash !== contentHash))
        throw new IdempotencyKeyReusedError(idempotencyKey);
      if (byKey)
        return { record: toRecord(byKey), created: false, updated: false };
    }
    const identical = await tx<Row>('certificate_requests')
      .where({ team, content_hash: contentHash })
      .whereIn('state', [...OPEN_STATES, 'merged'])
      .orderBy('created_at', 'desc')
      .first();
    if (identical)
      return { record: toRecord(identical), created: false, updated: false };

    const holders = await tx('certificate_names')
      .whereIn('name', resolved.names)
      .select('name', 'team', 'request_id');
    const foreign = holders.find(h => h.team !== team);
    if (foreign) {
      throw new ConflictError(
        `names: "${foreign.name}" is already held by team "${foreign.team}"`,
      );
    }
    await assertNoCertificateNameCollision(tx, resolved);

    const now = this.now();
    const open = await tx<Row>('certificate_requests')
      .where({ team, certificate_name: resolved.certificateName })
      .whereIn('state', OPEN_STATES)
      .first();
    const values = {
      issuer: resolved.request.issuer,
      content_hash: contentHash,
      request_json: JSON.stringify(resolved.request),
      names_json: JSON.stringify(resolved.names),
      updated_at: now,
    };
    if (open?.operation === 'decommission') {
      throw new ConflictError(
        `certificateName: ${resolved.certificateName} is being decommissioned (request ${open.id}); cancel that request first`,
      );
    }
    if (open) {
      // A changed request for a certificate whose pull request is still open: same record, new content.
      await tx('certificate_requests')
        .where({ id: open.id })
        .update({
          ...values,
          state: 'pending',
          error: null,
          ...(input.batchId ? { batch_id: input.batchId } : {}),
        });
      await this.replaceNames(tx, open.id, team, resolved.names);
      await recordRequestEvent(
        tx,
        open.id,
        { actor, state: 'pending', message: 'request changed' },
        now,
      );
      const row = await tx<Row>('certificate_requests')
        .where({ id: open.id })
        .first();
      return { record: toRecord(row!), created: false, updated: true };
    }

    const id = randomUUID();
    await tx('certificate_requests').insert({
      id,
      team,
      certificate_name: resolved.certificateName,
      open_key: openKey(team, resolved.certificateName),
      state: 'pending',
      idempotency_key: idempotencyKey ?? null,
      ...(input.batchId ? { batch_id: input.batchId } : {}),
      created_by: actor,
      created_at: now,
      ...values,
    });
    await this.replaceNames(tx, id, team, resolved.names);
    await recordRequestEvent(
      tx,
      id,
      { actor, state: 'pending', message: 'requested' },
      now,
    );
    const row = await tx<Row>('certificate_requests').where({ id }).first();
    return { record: toRecord(row!), created: true, updated: false };
  }

  private async replaceNames(
    tx: Knex.Transaction,
    id: string,
    team: string,
    names: string[],
  ) {
    // Names held by the team's older requests move to this one.
    await tx('certificate_names')
      .where({ team })
      .whereIn('name', names)
      .delete();
    await tx('certificate_names').where({ request_id: id }).delete();
    await tx('certificate_names').insert(
      names.map(name => ({ name, team, request_id: id })),
    );
  }

  async get(id: string) {
    const row = await this.db<Row>('certificate_requests')
      .where({ id })
      .first();
    if (!row) return undefined;
    const [record] = await withPullRequestShares(this.db, [toRecord(row)]);
    return record;
  }

  async getResolved(
    id: string,
  ): Promise<ResolvedCertificateRequest | undefined> {
    const row = await this.db<Row>('certificate_requests')
      .where({ id })
      .first();
    if (!row) return undefined;
    return {
      request: JSON.parse(row.request_json),
      certificateName: row.certificate_name,
      names: JSON.parse(row.names_json),
    };
  }

  async list(filter: {
    team?: string;
    states?: RequestState[];
    pullRequestNumber?: number;
    allowed?: RequestListCriteria;
  }) {
    let query = this.db<Row>('certificate_requests').orderBy(
      'created_at',
      'desc',
    );
    if (filter.team) query = query.where({ team: filter.team });
    if (filter.states) query = query.whereIn('state', filter.states);
    if (filter.pullRequestNumber !== undefined)
      query = query.where({ pr_number: filter.pullRequestNumber });
    const allowed = filter.allowed;
    if (allowed) query = query.where(sub => whereCriteria(sub, allowed));
    return withPullRequestShares(this.db, (await query).map(toRecord));
  }

  async events(id: string): Promise<RequestEvent[]> {
    const rows = await this.db('certificate_request_events')
      .where({ request_id: id })
      .orderBy('id', 'asc');
    return rows.map(r => ({
      at: iso(r.at),
      actor: r.actor,
      state: r.state,
      ...(r.message ? { message: r.message } : {}),
    }));
  }

  async transition(id: string, change: StateChange) {
    const { changed, team, from } = await transitionRequest(
      this.db,
      id,
      change,
      this.now(),
    );
    if (changed) this.onTransition?.({ id, team, from, to: change.to });
    return { record: (await this.get(id))!, changed };
  }

  async getProgress(id: string): Promise<PublishProgress> {
    const row = await this.db<Row>('certificate_requests')
      .where({ id })
      .select('publish_step_json')
      .first();
    return row?.publish_step_json ? JSON.parse(row.publish_step_json) : {};
  }

  async saveProgress(id: string, progress: PublishProgress) {
    await this.db('certificate_requests')
      .where({ id })
      .update({ publish_step_json: JSON.stringify(progress) });
  }
}

export async function createRequestStore(options: {
  database: DatabaseService;
  now?: () => Date;
  /** Called once after every committed state change. */
  onTransition?: OnTransition;
}): Promise<KnexRequestStore> {
  const db = await options.database.getClient();
  if (!options.database.migrations?.skip) {
    await db.migrate.latest({ directory: MIGRATIONS });
  }
  return new KnexRequestStore(
    db,
    options.now ?? (() => new Date()),
    options.onTransition,
  );
}
