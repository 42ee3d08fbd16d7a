export { LocalPullRequestPage } from './LocalPullRequestPage';
