import {
  PlatformModel,
  RenderedFile,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  renderCorePlatformFiles,
  renderPlatformMonitoringFiles,
} from './platform';
import { renderCertificateFiles, renderTenantFiles } from './tenant';
import { sortFiles } from './yaml';

/**
 * The files one certificate request adds to the GitOps repository, in one
 * pull request: the platform-owned tenant bundle under `platform/tenants/<team>/`
 * (Namespace, quota, RBAC, SecretStore, Vault objects, AppProject; identical
 * for every request of the team, so re-writing it is a no-op) and the
 * certificate's own Certificate and PushSecret under `tenants/<team>/`.
 * Pure and deterministic; sorted by path.
 */
export function renderRequestFiles(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
): RenderedFile[] {
  return sortFiles([
    ...renderTenantFiles(resolved.request.team, platform),
    ...renderCertificateFiles(resolved, platform),
  ]);
}

/** Platform-wide files under `platform/`: ClusterIssuers, the Argo CD wiring and monitoring. Sorted by path. */
export function renderPlatformFiles(platform: PlatformModel): RenderedFile[] {
  return sortFiles([
    ...renderCorePlatformFiles(platform),
    ...renderPlatformMonitoringFiles(platform),
  ]);
}

export { toYaml, isYaml11Ambiguous } from './yaml';
export { renderTenantFiles, renderCertificateFiles } from './tenant';
