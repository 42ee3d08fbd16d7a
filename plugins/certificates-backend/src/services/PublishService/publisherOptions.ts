import { LoggerService } from '@backstage/backend-plugin-api';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { ChangeSet, GitopsTarget } from '../Gitops';
import { RequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { RequestChange } from './requestChange';
import { RetryPolicy } from './retryPolicy';

/** The actor of the state changes the publisher records. */
export const PUBLISHER_ACTOR = 'plugin:certificates';

/** What every publisher works with: the request tables, the GitOps target, the platform and a logger. */
export type PublishingDeps = {
  store: RequestStore;
  /** Leases, retries and decommissions, on the same database. */
  lifecycle: KnexLifecycleStore;
  gitops: GitopsTarget;
  platform: PlatformModel;
  logger: LoggerService;
};

export type RequestPublisherOptions = PublishingDeps & {
  policy: RetryPolicy;
  now: () => Date;
  /** Adds what every pull request carries (labels, reviewers, author). */
  changeSet: (content: RequestChange) => ChangeSet;
};
