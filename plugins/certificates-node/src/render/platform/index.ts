import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderAdmissionFiles } from '../admission';
import { appliedKindsOf, renderArgoCdFiles } from './argocd';
import { renderTenantFiles } from '../tenant';
import { renderClusterIssuerFiles } from './clusterIssuers';
import { renderMonitoringFiles } from './monitoring';
import { renderVaultConfigFiles } from './vaultConfig';
import { renderRepositoryCheckFiles } from '../../repositoryCheck/renderRepositoryCheckFiles';

/** ClusterIssuers, the Argo CD wiring, the admission policies (`platform/admission/`), the Vault config namespace and the repository check (`.github/`). */
export function renderCorePlatformFiles(
  platform: PlatformModel,
): RenderedFile[] {
  const files = [
    ...renderClusterIssuerFiles(platform),
    ...renderAdmissionFiles(platform),
    ...renderVaultConfigFiles(platform),
  ];
  // Everything the platform Application applies: these files, monitoring and every team's platform files.
  const applied = appliedKindsOf([
    ...files,
    ...renderMonitoringFiles(platform),
    ...platform.teamNames().flatMap(team => renderTenantFiles(team, platform)),
  ]);
  return [
    ...files,
    ...renderArgoCdFiles(platform, applied),
    ...renderRepositoryCheckFiles(platform),
  ];
}

/**
 * Monitoring hook: alert rules and dashboard from `./monitoring` (owned by
 * the monitoring work), rendered under `platform/monitoring/`.
 */
export function renderPlatformMonitoringFiles(
  platform: PlatformModel,
): RenderedFile[] {
  return renderMonitoringFiles(platform);
}
