import { LoggerService } from '@backstage/backend-plugin-api';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { ChangeSet, GitopsTarget } from '../Gitops';
import { RequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { RequestChange } from './requestChange';
import { RetryPolicy } from './retryPolicy';

/** The actor of the state changes the publisher records. */
export const PUBLISHER_ACTOR = 'plugin:certificates';

export type RequestPublisherOptions = {
  store: RequestStore;
  lifecycle: KnexLifecycleStore;
  gitops: GitopsTarget;
  platform: PlatformModel;
  logger: LoggerService;
  policy: RetryPolicy;
  now: () => Date;
  /** Adds what every pull request carries (labels, reviewers, author). */
  changeSet: (content: RequestChange) => ChangeSet;
};
