import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderAdmissionFiles } from '../admission';
import { renderArgoCdFiles } from './argocd';
import { renderClusterIssuerFiles } from './clusterIssuers';
import { renderMonitoringFiles } from './monitoring';
import { renderVaultConfigFiles } from './vaultConfig';

/** ClusterIssuers, the Argo CD wiring, the admission policies (`platform/admission/`) and the Vault config namespace. */
export function renderCorePlatformFiles(
  platform: PlatformModel,
): RenderedFile[] {
  return [
    ...renderClusterIssuerFiles(platform),
    ...renderArgoCdFiles(platform),
    ...renderAdmissionFiles(platform),
    ...renderVaultConfigFiles(platform),
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
