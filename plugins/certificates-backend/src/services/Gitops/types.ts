import {
  PullRequestRef,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { PublishProgress } from '../RequestStore';

/** Everything one pull request carries. */
export type ChangeSet = {
  branch: string;
  title: string;
  /** The pull request description, given the paths that differ from the base branch. */
  body: (changedPaths: string[]) => string;
  commitMessage: string;
  files: RenderedFile[];
  labels: string[];
  reviewers: string[];
  author: { name: string; email: string };
};

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
