import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  PlatformModel,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { RequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { teamGroupEntityRef } from '../Membership';
import { isUserRef, teamChannel } from './createCertificateNotifier';

export type ChangeSignalOptions = {
  signals: SignalsService;
  platform: PlatformModel;
  logger: LoggerService;
};

/** Publishes one change of a request on its team's channel, to the team's group and the requester. */
function changeSignaller(options: ChangeSignalOptions) {
  const { signals, platform, logger } = options;
  return (record: StoredCertificateRequest) => {
    // Fire and forget: a lost live update never fails the change itself.
    signals
      .publish({
        recipients: {
          type: 'user',
          entityRef: [
            teamGroupEntityRef(platform, record.team),
            ...(isUserRef(record.createdBy) ? [record.createdBy] : []),
          ],
        },
        channel: teamChannel(record.team),
        message: {
          team: record.team,
          requestId: record.id,
          state: record.state,
        },
      })
      .catch(error =>
        logger.warn(`Could not signal a change of ${record.id}: ${error}`),
      );
  };
}

/**
 * The request store, signalling `certificates:<team>` after every stored
 * change, so open status cards and request pages reload at once instead of
 * at the watcher's next run. Everything else is the store itself.
 */
export function withChangeSignals<T extends RequestStore>(
  store: T,
  options: ChangeSignalOptions,
): T {
  const signal = changeSignaller(options);
  const wrapped: T = Object.create(store);
  wrapped.createOrGet = async input => {
    const result = await store.createOrGet(input);
    if (result.created || result.updated) signal(result.record);
    return result;
  };
  wrapped.transition = async (id, change) => {
    const result = await store.transition(id, change);
    if (result.changed) signal(result.record);
    return result;
  };
  return wrapped;
}

/** The lifecycle store, signalling a new decommission request the same way. */
export function withLifecycleChangeSignals<
  T extends Pick<KnexLifecycleStore, 'createDecommission'>,
>(lifecycle: T, options: ChangeSignalOptions): T {
  const signal = changeSignaller(options);
  const wrapped: T = Object.create(lifecycle);
  wrapped.createDecommission = async (...args) => {
    const result = await lifecycle.createDecommission(...args);
    if (result.created) signal(result.record);
    return result;
  };
  return wrapped;
}
