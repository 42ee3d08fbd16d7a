export { PullRequestLink } from './PullRequestLink';
export { inAppPath } from './inAppPath';
