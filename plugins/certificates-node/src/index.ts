/**
 * Pure manifest rendering for the certificates plugin, shared by the
 * backend and the scaffolder module, and a strict validator for what it renders.
 *
 * @packageDocumentation
 */
export { renderRequestFiles, renderPlatformFiles } from './render';
export { renderDecommissionPaths } from './decommission';
export { fillRemoteKeyTemplate } from './render/vaultPaths';
export { createManifestValidator } from './validation';
export type {
  ManifestValidator,
  ManifestValidatorOptions,
  ManifestValidationResult,
} from './validation';
export { readPlatformModel } from './readPlatformModel';
export {
  checkPullRequestFiles,
  checkTenantFiles,
  renamedCertificates,
} from './repositoryCheck';
export { requiredApiVersions } from './render/requiredApis';
export type { RepositoryFile, TenantFileRules } from './repositoryCheck';
