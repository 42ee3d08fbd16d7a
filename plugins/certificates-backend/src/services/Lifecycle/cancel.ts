import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { BulkPublisher } from '../Bulk';
import { PublishService } from '../PublishService';
import { RequestStore } from '../RequestStore';
import { OPEN_STATES } from '../RequestStore/states';
import { LifecycleService } from './types';

/** The request, or a 404 naming its id. */
export async function loadRequest(
  store: Pick<RequestStore, 'get'>,
  id: string,
) {
  const record = await store.get(id);
  if (!record) throw new NotFoundError(`id: request ${id} not found`);
  return record;
}

/**
 * Cancel: the request (or, with `scope: 'batch'`, every open request of
 * its bulk pull request) becomes cancelled in one guarded transition each,
 * then its pull request is cleaned up: closed, or (shared with open
 * requests of its batch) left with only this request's files removed.
 */
export function createCancel(options: {
  store: RequestStore;
  publisher: Pick<PublishService, 'cleanupCancelled'>;
  /** Cleans up after a cancelled request of a bulk request (its pull request is shared). */
  batches: Pick<BulkPublisher, 'cleanupCancelled'>;
  logger: LoggerService;
}): LifecycleService['cancel'] {
  const { store, publisher, batches, logger } = options;

  /** Closing on GitHub may fail for now: the resume task finishes the cleanup later. */
  async function cleanup(id: string, batchId?: string) {
    try {
      if (batchId) await batches.cleanupCancelled(id);
      else await publisher.cleanupCancelled(id);
    } catch (error) {
      logger.warn(
        `Cancelled request ${id}: closing its pull request failed, the resume task retries: ${error}`,
      );
    }
  }

  const cancel: LifecycleService['cancel'] = async (
    id,
    actor,
    scope = 'request',
  ) => {
    const record = await loadRequest(store, id);
    if (record.state === 'cancelled') {
      await cleanup(id, record.batchId);
      return { record: await loadRequest(store, id), changed: false };
    }
    if (!OPEN_STATES.includes(record.state)) {
      throw new ConflictError(
        `state: request ${id} is ${
          record.state
        }; only a pending, open or failed request can be cancelled${
          record.state === 'merged'
            ? ' (decommission the certificate instead)'
            : ''
        }`,
      );
    }
    const shared =
      scope === 'batch' && record.batchId
        ? (await store.list({ team: record.team, states: OPEN_STATES }))
            .filter(r => r.batchId === record.batchId && r.id !== id)
            .map(r => r.id)
        : [];
    const { changed } = await store.transition(id, {
      from: OPEN_STATES,
      to: 'cancelled',
      actor,
      message:
        shared.length > 0
          ? `cancelled with the whole pull request of bulk request ${
              record.batchId
            } (${shared.length + 1} certificates)`
          : 'cancelled',
      cleanupPending: true,
      nextAttemptAt: null,
    });
    if (!changed) return cancel(id, actor, scope);
    for (const other of shared)
      await store.transition(other, {
        from: OPEN_STATES,
        to: 'cancelled',
        actor,
        message: `cancelled with the whole pull request of bulk request ${record.batchId}, by the cancel of request ${id} (${record.certificateName})`,
        cleanupPending: true,
        nextAttemptAt: null,
      });
    await cleanup(id, record.batchId);
    for (const other of shared) await cleanup(other, record.batchId);
    return { record: await loadRequest(store, id), changed: true };
  };
  return cancel;
}
