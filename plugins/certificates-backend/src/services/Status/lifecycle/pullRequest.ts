import {
  CertificateLifecycle,
  StepState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { step } from './context';

type PullRequestState = 'open' | 'merged' | 'closed';

const PR_STEP_STATE: Record<PullRequestState, StepState> = {
  merged: 'done',
  open: 'in-progress',
  closed: 'failed',
};

const PR_STATE_TEXT: Record<PullRequestState, string> = {
  merged: 'merged',
  open: 'open, waiting for review and merge',
  closed: 'closed without merging',
};

/** Step 2: the GitOps pull request of the stored request. */
export function pullRequestStep(
  request: StoredCertificateRequest | undefined,
  onCluster: boolean,
): CertificateLifecycle['pullRequest'] {
  const pr = request?.pullRequest;
  if (request && pr) {
    return step('pullRequest', PR_STEP_STATE[pr.state], {
      time: pr.state === 'open' ? request.createdAt : request.updatedAt,
      message: `Pull request #${pr.number} ${PR_STATE_TEXT[pr.state]}`,
      reason:
        pr.state === 'closed'
          ? {
              source: `pull request #${pr.number}`,
              reason: 'closed',
              message: `Pull request #${pr.number} was closed without merging`,
            }
          : undefined,
      pullRequest: { number: pr.number, url: pr.url, state: pr.state },
    });
  }
  if (request) {
    return request.state === 'failed'
      ? step('pullRequest', 'pending', {
          message: 'Not opened: publishing failed',
        })
      : step('pullRequest', 'in-progress', {
          message: 'Pull request being opened',
        });
  }
  // Created outside the portal: a pull request may exist, Backstage cannot tell.
  return step('pullRequest', onCluster ? 'unknown' : 'pending');
}
