export * from './types';
export { LocalGitTarget } from './LocalGitTarget';
