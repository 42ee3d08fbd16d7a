import { PullRequestRef } from '@internal/plugin-certificates-common';
import { PublishProgress } from '../RequestStore';
import { ChangeSet, GitopsTarget } from './types';

/** One pull request of a batch, with what was done for it before a crash. */
export type PullRequestJob = {
  change: ChangeSet;
  progress: PublishProgress;
  saveProgress: (progress: PublishProgress) => Promise<void>;
};

/** How one job of a batch ended; `error` is a GitopsConfigurationError when retrying cannot help. */
export type PullRequestJobResult =
  | { ok: true; pullRequest: PullRequestRef }
  | { ok: false; error: Error };

/** A target that opens many pull requests with fewer calls than one at a time. */
export interface BatchGitopsTarget extends GitopsTarget {
  openPullRequests(jobs: PullRequestJob[]): Promise<PullRequestJobResult[]>;
}

export function isBatchGitopsTarget(
  target: GitopsTarget,
): target is BatchGitopsTarget {
  return (
    typeof (target as Partial<BatchGitopsTarget>).openPullRequests ===
    'function'
  );
}

/** Opens the jobs' pull requests one after the other, through any target. */
export async function openPullRequestsOneByOne(
  target: GitopsTarget,
  jobs: PullRequestJob[],
): Promise<PullRequestJobResult[]> {
  const results: PullRequestJobResult[] = [];
  for (const job of jobs) {
    try {
      results.push({
        ok: true,
        pullRequest: await target.openPullRequest(
          job.change,
          job.progress,
          job.saveProgress,
        ),
      });
    } catch (error) {
      results.push({
        ok: false,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }
  return results;
}
