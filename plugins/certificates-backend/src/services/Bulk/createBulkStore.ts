import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  BatchTeamState,
  BulkRowResult,
  CertificateBatch,
  CertificateBatchTeam,
  RequestState,
} from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import { KnexRequestStore, requestContentHash } from '../RequestStore';
import { IdempotencyKeyReusedError } from '../RequestStore/errors';
import { batchBranch } from './bulkPullRequestText';
import { BulkStore, ValidBulkRow } from './types';
import { isUniqueViolation } from '../RequestStore/uniqueViolation';
import { OPEN_STATES } from '../RequestStore/states';

type BatchRow = {
  id: string;
  created_by: string;
  idempotency_key: string | null;
  content_hash: string;
  open_key: string | null;
  state: CertificateBatch['state'];
  rows_json: string | null;
  lease_until: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
};

type TeamRow = {
  batch_id: string;
  team: string;
  state: BatchTeamState;
  branch: string;
  progress_json: string | null;
  pr_url: string | null;
  pr_number: number | null;
  error: string | null;
};

type RequestRow = {
  id: string;
  batch_id: string | null;
  team: string;
  certificate_name: string;
  names_json: string;
  state: RequestState;
};

const iso = (value: string | Date) =>
  (value instanceof Date ? value : new Date(value)).toISOString();

/** What became of a row that was stored: a new request, a changed open one, or an identical one left alone. */
function outcomeOf(result: {
  created: boolean;
  updated: boolean;
}): 'created' | 'updated' | 'existing' {
  if (result.created) return 'created';
  return result.updated ? 'updated' : 'existing';
}

/** What a batch is identical by: the content of its valid rows, in any order. */
export function batchContentHash(rows: ValidBulkRow[]): string {
  const hashes = rows.map(r => requestContentHash(r.resolved)).sort();
  return createHash('sha256').update(hashes.join('\n')).digest('hex');
}

export class KnexBulkStore implements BulkStore {
  private readonly requests: KnexRequestStore;

  constructor(private readonly db: Knex, private readonly now: () => Date) {
    this.requests = new KnexRequestStore(db, now);
  }

  async create(input: Parameters<BulkStore['create']>[0]) {
    const contentHash = batchContentHash(input.rows);
    // A concurrent identical batch may win the race; the retry then finds it.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(tx =>
          this.createIn(tx, input, contentHash),
        );
      } catch (error) {
        if (attempt < 5 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  private async createIn(
    tx: Knex.Transaction,
    input: Parameters<BulkStore['create']>[0],
    contentHash: string,
  ) {
    const { actor, idempotencyKey } = input;
    const byKey = idempotencyKey
      ? await tx<BatchRow>('certificate_batches')
          .where({ created_by: actor, idempotency_key: idempotencyKey })
          .first()
      : undefined;
    // A retry carries the same rows; other rows under the same key are a client bug, not a retry.
    if (byKey && byKey.content_hash !== contentHash)
      throw new IdempotencyKeyReusedError(idempotencyKey!);
    const existing =
      byKey ??
      (await tx<BatchRow>('certificate_batches')
        .where({ open_key: contentHash })
        .first());
    if (existing)
      return { batch: (await this.getIn(tx, existing.id))!, created: false };

    const id = randomUUID();
    const now = this.now();
    await tx('certificate_batches').insert({
      id,
      created_by: actor,
      idempotency_key: idempotencyKey ?? null,
      content_hash: contentHash,
      open_key: contentHash,
      state: 'publishing',
      created_at: now,
      updated_at: now,
    });
    const rows: BulkRowResult[] = [...input.rejected];
    const teams = new Set<string>();
    for (const { row, resolved } of input.rows) {
      const result = await this.requests.createOrGetInTransaction(tx, {
        resolved,
        actor,
        batchId: id,
      });
      const outcome = outcomeOf(result);
      if (outcome !== 'existing') teams.add(resolved.request.team);
      rows.push({
        row,
        outcome,
        team: resolved.request.team,
        requestId: result.record.id,
        certificateName: result.record.certificateName,
      });
    }
    rows.sort((a, b) => a.row - b.row);
    if (teams.size > 0) {
      await tx('certificate_batch_teams').insert(
        [...teams].sort().map(team => ({
          batch_id: id,
          team,
          state: 'queued',
          branch: batchBranch(team, id),
          updated_at: now,
        })),
      );
    }
    await tx('certificate_batches')
      .where({ id })
      .update({
        rows_json: JSON.stringify(rows),
        // Nothing new to publish (every row already requested): done at once.
        ...(teams.size === 0 ? { state: 'done', open_key: null } : {}),
      });
    return { batch: (await this.getIn(tx, id))!, created: true };
  }

  get(id: string) {
    return this.getIn(this.db, id);
  }

  private async getIn(
    db: Knex,
    id: string,
  ): Promise<CertificateBatch | undefined> {
    const batch = await db<BatchRow>('certificate_batches')
      .where({ id })
      .first();
    if (!batch) return undefined;
    const teamRows = await db<TeamRow>('certificate_batch_teams')
      .where({ batch_id: id })
      .orderBy('team');
    const requests = await db<RequestRow>('certificate_requests')
      .where({ batch_id: id })
      .select('id', 'team', 'certificate_name', 'names_json', 'state')
      .orderBy('certificate_name');
    const teams: CertificateBatchTeam[] = teamRows.map(t => ({
      team: t.team,
      state: t.state,
      branch: t.branch,
      ...(t.pr_url && t.pr_number !== null
        ? { pullRequest: { url: t.pr_url, number: t.pr_number } }
        : {}),
      ...(t.error ? { error: t.error } : {}),
      certificates: requests
        .filter(r => r.team === t.team)
        .map(r => ({
          requestId: r.id,
          certificateName: r.certificate_name,
          names: JSON.parse(r.names_json),
          state: r.state,
        })),
    }));
    const count = (state: BatchTeamState) =>
      teams.filter(t => t.state === state).length;
    return {
      id: batch.id,
      state: batch.state,
      createdAt: iso(batch.created_at),
      createdBy: batch.created_by,
      updatedAt: iso(batch.updated_at),
      progress: {
        queued: count('queued'),
        opened: count('opened'),
        failed: count('failed'),
      },
      teams,
      rows: batch.rows_json ? JSON.parse(batch.rows_json) : [],
    };
  }

  async holders(names: string[]) {
    const out: Array<{ name: string; team: string }> = [];
    // Bounded IN lists: SQLite allows 999 bound parameters per statement.
    for (let i = 0; i < names.length; i += 500) {
      out.push(
        ...(await this.db('certificate_names')
          .whereIn('name', names.slice(i, i + 500))
          .select('name', 'team')),
      );
    }
    return out;
  }

  async queuedTeams(id: string) {
    const teams = await this.db<TeamRow>('certificate_batch_teams')
      .where({ batch_id: id, state: 'queued' })
      .orderBy('team');
    const requests = await this.db<RequestRow>('certificate_requests')
      .where({ batch_id: id })
      .whereIn('state', OPEN_STATES)
      .select('id', 'team')
      .orderBy('certificate_name');
    return teams.map(t => ({
      team: t.team,
      branch: t.branch,
      progress: t.progress_json ? JSON.parse(t.progress_json) : {},
      requestIds: requests.filter(r => r.team === t.team).map(r => r.id),
    }));
  }

  async teamShare(id: string, team: string) {
    const row = await this.db('certificate_batch_teams')
      .join(
        'certificate_batches',
        'certificate_batches.id',
        'certificate_batch_teams.batch_id',
      )
      .where({ batch_id: id, team })
      .select<Array<TeamRow & { created_by: string }>>(
        'certificate_batch_teams.*',
        'certificate_batches.created_by',
      )
      .first();
    if (!row) return undefined;
    const requests = await this.db<RequestRow>('certificate_requests')
      .where({ batch_id: id, team })
      .select('id', 'state')
      .orderBy('certificate_name');
    const ids = (states: RequestState[]) =>
      requests.filter(r => states.includes(r.state)).map(r => r.id);
    return {
      state: row.state,
      branch: row.branch,
      progress: row.progress_json ? JSON.parse(row.progress_json) : {},
      ...(row.pr_url && row.pr_number !== null
        ? { pullRequest: { url: row.pr_url, number: row.pr_number } }
        : {}),
      createdBy: row.created_by,
      open: ids(OPEN_STATES),
      cancelled: ids(['cancelled']),
    };
  }

  async saveTeamProgress(
    id: string,
    team: string,
    progress: Parameters<BulkStore['saveTeamProgress']>[2],
  ) {
    await this.db('certificate_batch_teams')
      .where({ batch_id: id, team })
      .update({
        progress_json: JSON.stringify(progress),
        updated_at: this.now(),
      });
  }

  async finishTeam(
    id: string,
    team: string,
    outcome: Parameters<BulkStore['finishTeam']>[2],
  ) {
    const now = this.now();
    await this.db.transaction(async tx => {
      await tx('certificate_batch_teams')
        .where({ batch_id: id, team })
        .update({
          state: outcome.state,
          updated_at: now,
          ...(outcome.state === 'opened'
            ? {
                pr_url: outcome.pullRequest.url,
                pr_number: outcome.pullRequest.number,
                error: null,
              }
            : { error: outcome.error }),
        });
      const queued = await tx('certificate_batch_teams')
        .where({ batch_id: id, state: 'queued' })
        .count({ n: '*' })
        .first();
      await tx('certificate_batches')
        .where({ id })
        .update({
          updated_at: now,
          ...(Number(queued?.n ?? 0) === 0
            ? { state: 'done', open_key: null }
            : {}),
        });
    });
  }

  async claim(id: string, leaseMs: number) {
    const now = this.now();
    const claimed = await this.db('certificate_batches')
      .where({ id, state: 'publishing' })
      .andWhere(q =>
        q.whereNull('lease_until').orWhere('lease_until', '<', now),
      )
      .update({ lease_until: new Date(now.getTime() + leaseMs) });
    return claimed === 1;
  }

  async release(id: string) {
    await this.db('certificate_batches')
      .where({ id })
      .update({ lease_until: null });
  }

  async unfinished() {
    const rows = await this.db<BatchRow>('certificate_batches')
      .where({ state: 'publishing' })
      .orderBy('created_at', 'asc')
      .select('id');
    return rows.map(r => r.id);
  }
}

export async function createBulkStore(options: {
  database: DatabaseService;
  now?: () => Date;
}): Promise<BulkStore> {
  // The request store runs the migrations; this store shares its database.
  return new KnexBulkStore(
    await options.database.getClient(),
    options.now ?? (() => new Date()),
  );
}
