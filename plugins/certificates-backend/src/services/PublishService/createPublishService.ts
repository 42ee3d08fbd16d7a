import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  PullRequestRef,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles } from '@internal/plugin-certificates-node';
import {
  ChangeSet,
  withPullRequestDefaults,
  GitopsConfigurationError,
  MergeableGitopsTarget,
} from '../Gitops';
import { platformPullRequestBody } from './pullRequestText';
import { PlatformBundleState, platformBundleState } from './platformBundle';
import { trackPullRequests } from './trackPullRequests';
import { createRequestPublisher } from './requestPublisher';
import { PublishingDeps } from './publisherOptions';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retryPolicy';

export interface PublishService {
  readonly target: 'github' | 'local';
  /**
   * Opens (or updates) the pull request of a stored request. Transient
   * failures leave the request pending for the resume task; configuration
   * errors mark it failed.
   */
  publish(id: string): Promise<StoredCertificateRequest>;
  /**
   * Publishes the pending requests whose backoff has passed (e.g. after a
   * crash) and cleans up cancelled ones; returns how many changed.
   */
  resumePending(): Promise<number>;
  /** Closes the pull request and deletes the branch of a cancelled request; false when another holds it. */
  cleanupCancelled(id: string): Promise<boolean>;
  /** Records the state of open pull requests (merged, closed). */
  refreshPullRequests(): Promise<number>;
  /** Merges a local pull request (local target only). */
  mergeLocal(id: string, actor: string): Promise<StoredCertificateRequest>;
  /** Which platform files the base branch lacks or holds in another version. */
  checkPlatform(): Promise<PlatformBundleState>;
  /** Opens (or updates) the pull request that brings `platform/` up to date. */
  publishPlatform(requestedBy: string): Promise<PullRequestRef>;
}

export type { PlatformBundleState } from './platformBundle';

const PLATFORM_BRANCH = 'certificates/platform';

export function createPublishService(
  options: PublishingDeps & {
    labels?: string[];
    reviewers?: string[];
    retry?: RetryPolicy;
    now?: () => Date;
  },
): PublishService {
  const { store, gitops, platform, logger, lifecycle } = options;

  /** The same labels, reviewers and author as a bulk pull request. */
  const changeSet = (
    content: Omit<ChangeSet, 'labels' | 'reviewers' | 'author'>,
  ) => withPullRequestDefaults(content, options);

  const { publish, cleanupCancelled } = createRequestPublisher({
    store,
    lifecycle,
    gitops,
    platform,
    logger,
    changeSet,
    policy: options.retry ?? DEFAULT_RETRY_POLICY,
    now: options.now ?? (() => new Date()),
  });

  return {
    target: gitops.kind,
    publish,
    cleanupCancelled,
    async resumePending() {
      const due = await lifecycle.due();
      let done = 0;
      for (const id of due.publish) {
        const before = await store.get(id);
        const after = await publish(id);
        if (
          after.state !== before?.state ||
          after.updatedAt !== before.updatedAt
        )
          done++;
      }
      for (const id of due.cleanup) {
        try {
          if (await cleanupCancelled(id)) done++;
        } catch (error) {
          logger.warn(`Cleaning up cancelled request ${id} failed: ${error}`);
        }
      }
      return done;
    },
    refreshPullRequests: () => trackPullRequests(store, gitops),
    checkPlatform: () => platformBundleState(platform, gitops),
    async publishPlatform(requestedBy) {
      const files = renderPlatformFiles(platform);
      const title =
        'Platform bundle: ClusterIssuers, Argo CD, monitoring and admission policies';
      return gitops.openPullRequest(
        changeSet({
          branch: PLATFORM_BRANCH,
          title,
          body: paths => platformPullRequestBody({ requestedBy, paths }),
          commitMessage: `${title}\n\nRendered by Backstage from the certificates configuration`,
          files,
        }),
        {},
        async () => {},
      );
    },
    async mergeLocal(id, actor) {
      if (gitops.kind !== 'local')
        throw new ConflictError(
          'merge: only local pull requests can be merged here',
        );
      const record = await store.get(id);
      if (!record) throw new NotFoundError(`request ${id} not found`);
      if (record.state !== 'pr-open' || !record.pullRequest) {
        throw new ConflictError(
          `merge: request is ${record.state}, not an open pull request`,
        );
      }
      try {
        await (gitops as MergeableGitopsTarget).merge(record.pullRequest);
      } catch (error) {
        if (error instanceof GitopsConfigurationError)
          throw new ConflictError(`merge: ${error.message}`);
        throw error;
      }
      const { record: merged } = await store.transition(id, {
        to: 'merged',
        from: ['pr-open'],
        actor,
        message: `pull request #${record.pullRequest.number} merged locally`,
        pullRequest: { ...record.pullRequest, state: 'merged' },
      });
      return merged;
    },
  };
}
