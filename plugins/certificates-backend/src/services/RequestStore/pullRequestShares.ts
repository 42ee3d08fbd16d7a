import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { OPEN_STATES } from './states';

/**
 * Adds `pullRequestShare` to the records of bulk requests: how many open
 * requests share their team's pull request of the batch, counted in one
 * grouped query for all of them.
 */
export async function withPullRequestShares(
  db: Knex,
  records: StoredCertificateRequest[],
): Promise<StoredCertificateRequest[]> {
  const batchIds = [
    ...new Set(records.flatMap(r => (r.batchId ? [r.batchId] : []))),
  ];
  if (batchIds.length === 0) return records;
  const counts = new Map<string, number>();
  // Bounded IN lists: SQLite allows 999 bound parameters per statement.
  for (let i = 0; i < batchIds.length; i += 500) {
    const rows: Array<{ batch_id: string; team: string; n: number | string }> =
      await db('certificate_requests')
        .whereIn('batch_id', batchIds.slice(i, i + 500))
        .whereIn('state', OPEN_STATES)
        .groupBy('batch_id', 'team')
        .select('batch_id', 'team')
        .count({ n: '*' });
    for (const row of rows)
      counts.set(`${row.batch_id}/${row.team}`, Number(row.n));
  }
  return records.map(r =>
    r.batchId
      ? { ...r, pullRequestShare: counts.get(`${r.batchId}/${r.team}`) ?? 0 }
      : r,
  );
}
