import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CancelScope,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { BulkPublisher } from '../Bulk';
import { PublishService } from '../PublishService';
import { RequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { OPEN_STATES } from '../RequestStore/states';

/** The answer of a lifecycle operation: the request, and whether this call changed anything. */
export type LifecycleResult = {
  record: StoredCertificateRequest;
  changed: boolean;
};

/**
 * Retry, cancel and decommission: each safe to repeat (a second call
 * answers with the same request and writes nothing), each recorded in the
 * request's history with its actor.
 */
export interface LifecycleService {
  /** Re-queues a failed request and publishes it now. */
  retry(id: string, actor: string): Promise<LifecycleResult>;
  /**
   * Withdraws an open request: closes its pull request and deletes its
   * branch. A request of a bulk request shares its team's pull request:
   * `request` (the default) removes only its files from it, `batch` cancels
   * every open request of that pull request and closes it.
   */
  cancel(
    id: string,
    actor: string,
    scope?: CancelScope,
  ): Promise<LifecycleResult>;
  /** Opens the pull request that removes a live certificate. */
  decommission(
    team: string,
    certificateName: string,
    actor: string,
  ): Promise<LifecycleResult>;
  /** Adds a line to the history of the certificate's newest request (e.g. a renew); false when it has none. */
  note(
    team: string,
    certificateName: string,
    actor: string,
    message: string,
  ): Promise<boolean>;
}

export function createLifecycleService(options: {
  store: RequestStore;
  lifecycle: KnexLifecycleStore;
  publisher: PublishService;
  /** Cleans up after a cancelled request of a bulk request (its pull request is shared). */
  batches: Pick<BulkPublisher, 'cleanupCancelled'>;
  logger: LoggerService;
}): LifecycleService {
  const { store, lifecycle, publisher, batches, logger } = options;

  async function load(id: string) {
    const record = await store.get(id);
    if (!record) throw new NotFoundError(`id: request ${id} not found`);
    return record;
  }

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

  const service: LifecycleService = {
    async retry(id, actor) {
      const record = await load(id);
      if (record.state === 'pending' || record.state === 'pr-open')
        return { record, changed: false };
      if (record.state !== 'failed') {
        throw new ConflictError(
          `state: request ${id} is ${record.state}; only a failed request can be retried`,
        );
      }
      const { changed } = await store.transition(id, {
        to: 'pending',
        from: ['failed'],
        actor,
        message: `retry requested (last error at ${
          record.failedStep ?? 'publish'
        }: ${record.error ?? 'unknown'})`,
        attempts: 0,
        nextAttemptAt: null,
      });
      if (!changed) return { record: await load(id), changed: false };
      return { record: await publisher.publish(id), changed: true };
    },

    async cancel(id, actor, scope = 'request') {
      const record = await load(id);
      if (record.state === 'cancelled') {
        await cleanup(id, record.batchId);
        return { record: await load(id), changed: false };
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
      if (!changed) return service.cancel(id, actor, scope);
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
      return { record: await load(id), changed: true };
    },

    async note(team, certificateName, actor, message) {
      const latest = newest(
        (await store.list({ team })).filter(
          r => r.certificateName === certificateName,
        ),
      );
      if (!latest) return false;
      await store.transition(latest.id, {
        to: latest.state,
        from: [latest.state],
        actor,
        message,
      });
      return true;
    },

    async decommission(team, certificateName, actor) {
      const requests = (await store.list({ team })).filter(
        r => r.certificateName === certificateName,
      );
      const isDecommission = (r: StoredCertificateRequest) =>
        r.operation === 'decommission';
      const openDecommission = requests.find(
        r => isDecommission(r) && OPEN_STATES.includes(r.state),
      );
      if (openDecommission) return { record: openDecommission, changed: false };
      const open = requests.find(
        r => !isDecommission(r) && OPEN_STATES.includes(r.state),
      );
      if (open) {
        throw new ConflictError(
          `certificate: ${team}/${certificateName} has a ${open.state} request ${open.id}; cancel it, or decommission after its pull request is merged`,
        );
      }
      const live = requests.find(
        r => !isDecommission(r) && r.state === 'merged',
      );
      if (!live) {
        // Decommissioned already: the same call again gets the same answer.
        const done = requests.find(
          r => isDecommission(r) && r.state === 'merged',
        );
        if (done) return { record: done, changed: false };
        throw new NotFoundError(
          `certificate: ${team}/${certificateName} has no merged request to decommission`,
        );
      }
      const { record, created } = await lifecycle.createDecommission(
        live,
        actor,
      );
      if (!created) return { record, changed: false };
      return { record: await publisher.publish(record.id), changed: true };
    },
  };
  return service;
}

/** The newest request of a certificate, as the status card shows it. */
function newest(requests: StoredCertificateRequest[]) {
  return [...requests].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  )[0];
}
