import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { BulkPublisher } from '../Bulk';
import { PublishService } from '../PublishService';
import { RequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { OPEN_STATES } from '../RequestStore/states';
import { createCancel, loadRequest } from './cancel';
import { LifecycleService } from './types';

export type { LifecycleResult, LifecycleService } from './types';

export function createLifecycleService(options: {
  store: RequestStore;
  lifecycle: KnexLifecycleStore;
  publisher: PublishService;
  /** Cleans up after a cancelled request of a bulk request (its pull request is shared). */
  batches: Pick<BulkPublisher, 'cleanupCancelled'>;
  logger: LoggerService;
}): LifecycleService {
  const { store, lifecycle, publisher } = options;

  const load = (id: string) => loadRequest(store, id);

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

    cancel: createCancel(options),

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
