export { createPullRequestRouter } from './router';
export type { PullRequestRouterOptions } from './router';
