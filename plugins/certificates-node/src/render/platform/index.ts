import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderAdmissionFiles } from '../admission';
import { renderArgoCdFiles } from './argocd';
import { renderClusterIssuerFiles } from './clusterIssuers';
import { renderMonitoringFiles } from './monitoring';
import { renderVaultConfigFiles } from './vaultConfig';
import { renderRepositoryCheckFiles } from '../../repositoryCheck/renderRepositoryCheckFiles';

/** ClusterIssuers, the Argo CD wiring, the admission policies (`platform/admission/`), the Vault config namespace and the repository check (`.github/`). */
export function renderCorePlatformFiles(
  platform: PlatformModel,
): RenderedFile[] {
  return [
    ...renderClusterIssuerFiles(platform),
    ...renderArgoCdFiles(platform),
    ...renderAdmissionFiles(platform),
    ...renderVaultConfigFiles(platform),
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
