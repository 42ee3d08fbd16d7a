import { Knex } from 'knex';

/**
 * Appends one entry to a request's history, in the caller's transaction so
 * the history never shows a change that was rolled back.
 */
export async function recordRequestEvent(
  tx: Knex.Transaction,
  requestId: string,
  event: { actor: string; state: string; message?: string | null },
  at: Date,
): Promise<void> {
  await tx('certificate_request_events').insert({
    request_id: requestId,
    at,
    actor: event.actor,
    state: event.state,
    message: event.message ?? null,
  });
}
