import { NotFoundError } from '@backstage/errors';
import { RequestState } from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { recordRequestEvent } from './requestEvents';
import { OPEN_STATES, RELEASING_STATES } from './states';
import { StateChange } from './types';

/** The columns a transition writes: the state, and only the fields it names. */
function columns(change: StateChange, now: Date) {
  const pr = change.pullRequest;
  const optional = {
    error: change.error,
    failed_step: change.failedStep,
    attempts: change.attempts,
    next_attempt_at: change.nextAttemptAt,
    cleanup_pending: change.cleanupPending,
    published_json: change.published?.json,
    change_note: change.published ? change.published.changeNote : undefined,
  };
  return {
    state: change.to,
    updated_at: now,
    ...(OPEN_STATES.includes(change.to) ? {} : { open_key: null }),
    ...(pr
      ? {
          pr_url: pr.url,
          pr_number: pr.number,
          pr_branch: pr.branch,
          pr_state: pr.state,
        }
      : {}),
    ...Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ),
  };
}

/** A merged decommission retires the merged requests of its certificate, in the same transaction. */
async function retireCertificate(
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
 * The one write of a request's state: in one transaction, it reads the
 * current state, applies the change only when that state
 * is one of `change.from`, releases the names of a closing request and
 * records the history entry. Returns the state it found, and whether it
 * wrote; a writer that lost a race (a cancel during a publish) writes
 * nothing.
 */
export async function transitionRequest(
  db: Knex,
  id: string,
  change: StateChange,
  now: Date,
): Promise<{ changed: boolean; team: string; from: RequestState }> {
  return db.transaction(async tx => {
    const row = await tx('certificate_requests')
      .where({ id })
      .select('state', 'operation', 'team', 'certificate_name')
      .first();
    if (!row) throw new NotFoundError(`request ${id} not found`);
    const found = { team: row.team as string, from: row.state as RequestState };
    if (!change.from.includes(row.state)) return { changed: false, ...found };
    // Compare-and-set: a concurrent writer that committed after the read leaves 0 rows.
    const updated = await tx('certificate_requests')
      .where({ id, state: row.state })
      .update(columns(change, now));
    if (updated === 0) return { changed: false, ...found };
    if (RELEASING_STATES.includes(change.to))
      await tx('certificate_names').where({ request_id: id }).delete();
    await recordRequestEvent(
      tx,
      id,
      { actor: change.actor, state: change.to, message: change.message },
      now,
    );
    if (change.to === 'merged' && row.operation === 'decommission')
      await retireCertificate(tx, row, id, change.actor, now);
    return { changed: true, ...found };
  });
}
