import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  PlatformModel,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { randomUUID } from 'node:crypto';
import { ChangeSet, GitopsConfigurationError, GitopsTarget } from '../Gitops';
import { RequestStore } from '../RequestStore';
import {
  KnexLifecycleStore,
  PublishInfo,
} from '../RequestStore/lifecycleStore';
import {
  branchFor,
  describeChange,
  PublishedContent,
  publishedContent,
} from './pullRequestText';
import {
  createChange,
  decommissionChange,
  RequestChange,
} from './requestChange';
import { backoffDelayMs, failedStepOf, RetryPolicy } from './retryPolicy';

/** The actor of the state changes the publisher records. */
export const PUBLISHER_ACTOR = 'plugin:certificates';
const ACTOR = PUBLISHER_ACTOR;

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

/**
 * Publishes one request at a time under its lease: opens or updates its
 * pull request, records failures with backoff, and cleans up cancelled ones.
 */
export function createRequestPublisher(options: RequestPublisherOptions) {
  const { store, lifecycle, gitops, platform, logger, policy, now, changeSet } =
    options;
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
      const { record: next } = await store.transition(id, {
        to: 'pr-open',
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
      const { changed } = await store.transition(d.id, {
        to: 'pending',
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
      const { record } = await store.transition(id, {
        to: 'failed',
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
    const { record } = await store.transition(id, {
      to: 'pending',
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
      await store.transition(id, {
        to: 'cancelled',
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

  return { publish, cleanupCancelled };
}
