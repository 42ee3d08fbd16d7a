import { ChangeSet } from './types';

/** Who the plugin's commits are by. */
export const PULL_REQUEST_AUTHOR = {
  name: 'Backstage Certificates',
  email: 'certificates@backstage.local',
};

/** What every pull request of this plugin carries besides its content: labels, reviewers, author. */
export function withPullRequestDefaults(
  content: Omit<ChangeSet, 'labels' | 'reviewers' | 'author'>,
  options: { labels?: string[]; reviewers?: string[] },
): ChangeSet {
  return {
    ...content,
    labels: options.labels ?? [],
    reviewers: options.reviewers ?? [],
    author: PULL_REQUEST_AUTHOR,
  };
}
