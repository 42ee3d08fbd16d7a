import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  PlatformModel,
  PullRequestRef,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles } from '@internal/plugin-certificates-node';
import { randomUUID } from 'node:crypto';
import {
  ChangeSet,
  GitopsConfigurationError,
  GitopsTarget,
  MergeableGitopsTarget,
} from '../Gitops';
import { RequestStore } from '../RequestStore';
import {
  KnexLifecycleStore,
  PublishInfo,
} from '../RequestStore/lifecycleStore';
import {
  branchFor,
  describeChange,
  platformPullRequestBody,
  PublishedContent,
  publishedContent,
} from './pullRequestText';
import { createChange, decommissionChange } from './requestChange';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  failedStepOf,
  RetryPolicy,
} from './retryPolicy';

const ACTOR = 'plugin:certificates';

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
  /** Leases, retries and decommissions; built on the same database when absent. */
  lifecycle: KnexLifecycleStore;
  retry?: RetryPolicy;
  now?: () => Date;
}): PublishService {
  const { store, gitops, platform, logger, lifecycle } = options;

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

  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const now = options.now ?? (() => new Date());
  const instance = randomUUID().slice(0, 8);

  /** Opens or updates the pull request of one request, once; the caller holds its lease. */
  async function publishOnce(
    id: string,
    info: PublishInfo,
  ): Promise<StoredCertificateRequest> {
    const record = await store.get(id);
    const resolved = await store.getResolved(id);
    if (!record || !resolved)
      throw new NotFoundError(`request ${id} not found`);
    const content = publishedContent(resolved);
    const before = info.publishedJson
      ? (JSON.parse(info.publishedJson) as PublishedContent)
      : undefined;
    // The note survives republishing the same content, so the description stays put.
    const changeNote =
      before && info.publishedJson !== JSON.stringify(content)
        ? describeChange(before, content)
        : info.changeNote;
    let progress = await store.getProgress(id);
    try {
      const change =
        info.operation === 'decommission'
          ? decommissionChange({
              record,
              resolved,
              platform,
              teamRequests: await store.list({ team: record.team }),
            })
          : createChange({ record, resolved, platform, changeNote });
      const pullRequest = await gitops.openPullRequest(
        changeSet(change),
        progress,
        p => {
          progress = p;
          return store.saveProgress(id, p);
        },
      );
      const updated = record.pullRequest?.number === pullRequest.number;
      const { record: next } = await lifecycle.transition(id, {
        state: 'pr-open',
        // A cancel (or a merge seen meanwhile) wins over this publish.
        from: ['pending', 'pr-open'],
        actor: ACTOR,
        message:
          updated && changeNote !== info.changeNote
            ? `pull request #${pullRequest.number} updated: ${changeNote}`
            : `pull request #${pullRequest.number} open`,
        pullRequest,
        error: null,
        failedStep: null,
        attempts: 0,
        nextAttemptAt: null,
        published: {
          json: JSON.stringify(content),
          changeNote: changeNote ?? null,
        },
      });
      if (info.operation === 'create' && !record.pullRequest)
        await keepTeamBundle(record);
      return next;
    } catch (error) {
      return recordFailure(id, info, error, failedStepOf(progress));
    }
  }

  /**
   * A new certificate of a team whose open decommission may remove the team
   * bundle (it was the last certificate): that decommission is published
   * again, now keeping the bundle.
   */
  async function keepTeamBundle(record: StoredCertificateRequest) {
    const decommissions = (await store.list({ team: record.team })).filter(
      r =>
        r.operation === 'decommission' &&
        r.state === 'pr-open' &&
        r.certificateName !== record.certificateName,
    );
    for (const d of decommissions) {
      const { changed } = await lifecycle.transition(d.id, {
        state: 'pending',
        from: ['pr-open'],
        actor: ACTOR,
        message: `certificate ${record.certificateName} of the team is on its way: updating the pull request to keep the team bundle`,
      });
      if (changed) await publish(d.id);
    }
  }

  /** Configuration errors fail at once; others retry with backoff until the cap. */
  async function recordFailure(
    id: string,
    info: PublishInfo,
    error: unknown,
    step: string,
  ): Promise<StoredCertificateRequest> {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = info.attempts + 1;
    const final =
      error instanceof GitopsConfigurationError ||
      attempts >= policy.maxAttempts;
    if (final) {
      const reason =
        error instanceof GitopsConfigurationError
          ? message
          : `gave up after ${attempts} attempts: ${message}`;
      logger.error(`Publishing request ${id} failed at ${step}: ${reason}`);
      const { record } = await lifecycle.transition(id, {
        state: 'failed',
        from: ['pending', 'pr-open'],
        actor: ACTOR,
        message: `${step}: ${reason}`,
        error: reason,
        failedStep: step,
        attempts,
        nextAttemptAt: null,
      });
      return record;
    }
    const delay = backoffDelayMs(attempts, policy);
    logger.warn(
      `Publishing request ${id} failed at ${step}, retry ${attempts} in ${delay} ms: ${message}`,
    );
    const { record } = await lifecycle.transition(id, {
      state: 'pending',
      from: ['pending', 'pr-open'],
      actor: ACTOR,
      message: `retrying (attempt ${attempts} of ${policy.maxAttempts}) at ${step}: ${message}`,
      error: message,
      failedStep: step,
      attempts,
      nextAttemptAt: new Date(now().getTime() + delay),
    });
    return record;
  }

  /**
   * Publishes under the request's lease, so one publisher (of any
   * instance) writes its branch at a time. A change stored while
   * publishing is published in a further round.
   */
  async function publish(id: string): Promise<StoredCertificateRequest> {
    const record = await store.get(id);
    if (!record) throw new NotFoundError(`request ${id} not found`);
    if (record.state !== 'pending' && record.state !== 'pr-open') return record;
    const owner = `${instance}/${randomUUID()}`;
    if (!(await lifecycle.claim(id, owner, policy.leaseMs))) return record;
    try {
      let result = record;
      for (let round = 0; round < 3; round++) {
        const info = await lifecycle.publishInfo(id);
        if (!info) throw new NotFoundError(`request ${id} not found`);
        result = await publishOnce(id, info);
        const after = await store.get(id);
        if (after?.state !== 'pending' || after.attempts) return result;
      }
      return result;
    } finally {
      await lifecycle.release(id, owner);
    }
  }

  /** Closes the pull request and deletes the branch of a cancelled request, under its lease. */
  async function cleanupCancelled(id: string): Promise<boolean> {
    const owner = `${instance}/${randomUUID()}`;
    if (!(await lifecycle.claim(id, owner, policy.leaseMs))) return false;
    try {
      const info = await lifecycle.publishInfo(id);
      const record = await store.get(id);
      const resolved = await store.getResolved(id);
      if (!info?.cleanupPending || !record || !resolved) return false;
      const branch = record.pullRequest?.branch ?? branchFor(resolved);
      await gitops.closePullRequest(branch);
      const pr = record.pullRequest;
      await lifecycle.transition(id, {
        state: 'cancelled',
        from: ['cancelled'],
        actor: ACTOR,
        message: pr
          ? `pull request #${pr.number} closed and branch ${branch} deleted`
          : `branch ${branch} deleted`,
        cleanupPending: false,
        ...(pr && pr.state === 'open'
          ? { pullRequest: { ...pr, state: 'closed' as const } }
          : {}),
      });
      return true;
    } finally {
      await lifecycle.release(id, owner);
    }
  }

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
        await lifecycle.transition(request.id, {
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
      const { record: merged } = await lifecycle.transition(id, {
        state: 'merged',
        actor,
        message: `pull request #${record.pullRequest.number} merged locally`,
        pullRequest: { ...record.pullRequest, state: 'merged' },
      });
      return merged;
    },
  };
}
