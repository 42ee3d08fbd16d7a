import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  PlatformModel,
  PullRequestRef,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  renderPlatformFiles,
  renderRequestFiles,
} from '@internal/plugin-certificates-node';
import {
  ChangeSet,
  GitopsConfigurationError,
  GitopsTarget,
  MergeableGitopsTarget,
} from '../Gitops';
import { RequestStore } from '../RequestStore';
import {
  branchFor,
  platformPullRequestBody,
  pullRequestBody,
  pullRequestTitle,
} from './pullRequestText';

const ACTOR = 'plugin:certificates';

export interface PublishService {
  readonly target: 'github' | 'local';
  /**
   * Opens (or updates) the pull request of a stored request. Transient
   * failures leave the request pending for the resume task; configuration
   * errors mark it failed.
   */
  publish(id: string): Promise<StoredCertificateRequest>;
  /** Publishes every request still pending, e.g. after a crash. */
  resumePending(): Promise<number>;
  /** Records the state of open pull requests (merged, closed). */
  refreshPullRequests(): Promise<number>;
  /** Merges a local pull request (local target only). */
  mergeLocal(id: string, actor: string): Promise<StoredCertificateRequest>;
  /** Which platform files the base branch lacks or holds in another version. */
  checkPlatform(): Promise<PlatformBundleState>;
  /** Opens (or updates) the pull request that brings `platform/` up to date. */
  publishPlatform(requestedBy: string): Promise<PullRequestRef>;
}

export type PlatformBundleState = {
  upToDate: boolean;
  missing: string[];
  outdated: string[];
};

const PLATFORM_BRANCH = 'certificates/platform';

export function createPublishService(options: {
  store: RequestStore;
  gitops: GitopsTarget;
  platform: PlatformModel;
  logger: LoggerService;
  labels?: string[];
  reviewers?: string[];
}): PublishService {
  const { store, gitops, platform, logger } = options;

  /** What every pull request of this plugin carries besides its content: labels, reviewers, author. */
  function changeSet(
    content: Omit<ChangeSet, 'labels' | 'reviewers' | 'author'>,
  ): ChangeSet {
    return {
      ...content,
      labels: options.labels ?? [],
      reviewers: options.reviewers ?? [],
      author: {
        name: 'Backstage Certificates',
        email: 'certificates@backstage.local',
      },
    };
  }

  async function publish(id: string): Promise<StoredCertificateRequest> {
    const record = await store.get(id);
    const resolved = await store.getResolved(id);
    if (!record || !resolved)
      throw new NotFoundError(`request ${id} not found`);
    if (record.state === 'merged' || record.state === 'closed') return record;
    try {
      // Targets leave out files already identical on the base branch.
      const files = renderRequestFiles(resolved, platform);
      const change = changeSet({
        branch: branchFor(resolved),
        title: pullRequestTitle(resolved),
        body: changedPaths =>
          pullRequestBody({
            resolved,
            requestId: id,
            requestedBy: record.createdBy,
            paths: changedPaths,
          }),
        commitMessage: `${pullRequestTitle(
          resolved,
        )}\n\nBackstage certificate request ${id}`,
        files,
      });
      const progress = await store.getProgress(id);
      const pullRequest = await gitops.openPullRequest(change, progress, p =>
        store.saveProgress(id, p),
      );
      return await store.transition(id, {
        state: 'pr-open',
        actor: ACTOR,
        message: `pull request #${pullRequest.number} open`,
        pullRequest,
        error: null,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof GitopsConfigurationError) {
        logger.error(`Publishing request ${id} failed: ${message}`);
        return store.transition(id, {
          state: 'failed',
          actor: ACTOR,
          message,
          error: message,
        });
      }
      logger.warn(`Publishing request ${id} failed, will retry: ${message}`);
      return store.transition(id, {
        state: 'pending',
        actor: ACTOR,
        message: `retrying: ${message}`,
        error: message,
      });
    }
  }

  return {
    target: gitops.kind,
    publish,
    async resumePending() {
      const pending = await store.list({ states: ['pending'] });
      for (const request of pending) await publish(request.id);
      return pending.length;
    },
    async refreshPullRequests() {
      const open = (await store.list({ states: ['pr-open'] })).filter(
        r => r.pullRequest,
      );
      if (open.length === 0) return 0;
      const states = await gitops.pullRequestStates(
        open.map(r => r.pullRequest!),
      );
      let changed = 0;
      for (const request of open) {
        const state = states.get(request.pullRequest!.number);
        if (!state || state === 'open') continue;
        changed++;
        await store.transition(request.id, {
          state: state === 'merged' ? 'merged' : 'closed',
          actor: ACTOR,
          message: `pull request #${request.pullRequest!.number} ${state}`,
          pullRequest: { ...request.pullRequest!, state },
        });
      }
      return changed;
    },
    async checkPlatform() {
      const files = renderPlatformFiles(platform);
      const base = await Promise.all(
        files.map(file => gitops.readBaseFile(file.path)),
      );
      const missing = files
        .filter((_, i) => base[i] === undefined)
        .map(f => f.path);
      const outdated = files
        .filter((f, i) => base[i] !== undefined && base[i] !== f.content)
        .map(f => f.path);
      return {
        upToDate: missing.length === 0 && outdated.length === 0,
        missing,
        outdated,
      };
    },
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
      return store.transition(id, {
        state: 'merged',
        actor,
        message: `pull request #${record.pullRequest.number} merged locally`,
        pullRequest: { ...record.pullRequest, state: 'merged' },
      });
    },
  };
}
