import {
  PullRequestRef,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { PublishProgress } from '../RequestStore';

/** Everything one pull request carries. */
export type ChangeSet = {
  branch: string;
  title: string;
  /**
   * The pull request description, given the paths that differ from the base
   * branch and, when the pull request is already open, whether it is approved.
   */
  body: (changedPaths: string[], review?: PullRequestReview) => string;
  commitMessage: string;
  files: RenderedFile[];
  /** Paths the pull request removes (a decommission); absent ones are skipped. */
  deletions?: string[];
  labels: string[];
  reviewers: string[];
  author: { name: string; email: string };
};

/** What a target knows of the review of an open pull request. */
export type PullRequestReview = { approved: boolean };

/**
 * A GitOps repository that takes change sets as pull requests. `progress`
 * lets a target resume after a crash between its steps instead of
 * repeating them.
 */
export interface GitopsTarget {
  readonly kind: 'github' | 'local';
  openPullRequest(
    change: ChangeSet,
    progress: PublishProgress,
    saveProgress: (progress: PublishProgress) => Promise<void>,
  ): Promise<PullRequestRef>;
  /** Current state of many pull requests at once. */
  pullRequestStates(
    prs: PullRequestRef[],
  ): Promise<Map<number, PullRequestRef['state']>>;
  /** Reads a file of the base branch, or undefined when absent. */
  readBaseFile(path: string): Promise<string | undefined>;
  /**
   * Closes the open pull request of `branch` (if any) unmerged and deletes
   * the branch (if it exists). Safe to repeat.
   */
  closePullRequest(branch: string): Promise<void>;
}

/** The local target can also merge, so a user can walk the flow without GitHub. */
export interface MergeableGitopsTarget extends GitopsTarget {
  merge(pr: PullRequestRef): Promise<void>;
}

/** A configuration problem that retrying cannot fix (bad credentials, missing repository). */
export class GitopsConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitopsConfigurationError';
  }
}
