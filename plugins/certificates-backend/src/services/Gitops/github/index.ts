export { GitHubTarget, gitBlobSha } from './GitHubTarget';
export type { GitHubTargetOptions } from './GitHubTarget';
export type { GithubClientTuning } from './githubClient';
