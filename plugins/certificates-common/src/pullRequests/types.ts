import { PullRequestRef, RequestState } from '../types';

/** How a pull request changes one file. */
export type PullRequestFileStatus = 'added' | 'modified' | 'deleted';

/** One changed file of a local pull request, with its unified diff against the base. */
export type PullRequestFile = {
  path: string;
  status: PullRequestFileStatus;
  /** `git diff` output for this file: hunk headers and ` `, `+`, `-` lines. */
  diff: string;
};

/** A local pull request as its page shows it, from `GET /pull-requests/:number`. */
export type LocalPullRequestDetails = {
  number: number;
  title: string;
  /** The description, Markdown. */
  body: string;
  state: PullRequestRef['state'];
  branch: string;
  base: string;
  /** Whether a reviewer approved it (open pull requests). */
  approved: boolean;
  /** The requests the pull request carries (a bulk request's team pull request carries many). */
  requests: Array<{
    id: string;
    team: string;
    certificateName: string;
    names: string[];
    state: RequestState;
  }>;
  /** Changed files, by path; empty for a closed pull request whose branch was deleted. */
  files: PullRequestFile[];
};

/** The app path of a local pull request's page. */
export function localPullRequestPath(number: number): string {
  return `/certificates/pull-requests/${number}`;
}
