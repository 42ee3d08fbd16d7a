import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { GitopsConfigurationError } from '../Gitops';
import { PublishInfo } from '../RequestStore/lifecycleStore';
import { branchFor } from './pullRequestText';
import {
  PUBLISHER_ACTOR as ACTOR,
  RequestPublisherOptions,
} from './publisherOptions';
import { backoffDelayMs } from './retryPolicy';

/** Configuration errors fail at once; others retry with backoff until the cap. */
export async function recordPublishFailure(
  options: Pick<RequestPublisherOptions, 'store' | 'logger' | 'policy' | 'now'>,
  id: string,
  info: PublishInfo,
  error: unknown,
  step: string,
): Promise<StoredCertificateRequest> {
  const { store, logger, policy, now } = options;
  const message = error instanceof Error ? error.message : String(error);
  const attempts = info.attempts + 1;
  const final =
    error instanceof GitopsConfigurationError || attempts >= policy.maxAttempts;
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

/** Closes the pull request and deletes the branch of a cancelled request, under its lease. */
export async function cleanupCancelledRequest(
  options: Pick<
    RequestPublisherOptions,
    'store' | 'lifecycle' | 'gitops' | 'policy'
  >,
  owner: string,
  id: string,
): Promise<boolean> {
  const { store, lifecycle, gitops, policy } = options;
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
