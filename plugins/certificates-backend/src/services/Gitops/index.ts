export * from './types';
export { LocalGitTarget } from './LocalGitTarget';
export * from './batchTypes';
export * from './pullRequestDefaults';
export { withTenantFileCheck } from './tenantFileCheck';
