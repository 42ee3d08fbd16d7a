import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { RequestStore } from './types';
import { recordRequestEvent } from './requestEvents';

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
 * request across instances), what is due for publishing or cleanup, and
 * decommission requests. State changes go through the request store's
 * one guarded `transition`.
 */
export class KnexLifecycleStore {
  constructor(
    private readonly db: Knex,
    private readonly requests: Pick<RequestStore, 'get'>,
    private readonly now: () => Date,
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

  /**
   * Pending requests whose backoff has passed, and cancelled ones still to
   * be cleaned up: those with their own pull request (`cleanup`) and those
   * of a bulk request's shared one (`batchCleanup`).
   */
  async due(): Promise<{
    publish: string[];
    cleanup: string[];
    batchCleanup: string[];
  }> {
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
    const cancelled: Array<{ id: string; batch_id: string | null }> =
      await this.db('certificate_requests')
        .where({ state: 'cancelled' })
        .andWhere('cleanup_pending', true)
        .select('id', 'batch_id');
    return {
      publish,
      cleanup: cancelled.filter(r => !r.batch_id).map(r => r.id),
      batchCleanup: cancelled.filter(r => r.batch_id).map(r => r.id),
    };
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
        await recordRequestEvent(
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
}): Promise<KnexLifecycleStore> {
  return new KnexLifecycleStore(
    await options.database.getClient(),
    options.requests,
    options.now ?? (() => new Date()),
  );
}
