import { PlatformModel, RenderedFile } from '@internal/plugin-certificates-common';
import { renderArgoCdFiles } from './argocd';
import { renderClusterIssuerFiles } from './clusterIssuers';
import { renderMonitoringFiles } from './monitoring';

/** ClusterIssuers and the Argo CD wiring. */
export function renderCorePlatformFiles(platform: PlatformModel): RenderedFile[] {
  return [...renderClusterIssuerFiles(platform), ...renderArgoCdFiles(platform)];
}

/**
 * Monitoring hook: alert rules and dashboard from `./monitoring` (owned by
 * the monitoring work), rendered under `platform/monitoring/`.
 */
export function renderPlatformMonitoringFiles(platform: PlatformModel): RenderedFile[] {
  return renderMonitoringFiles(platform);
}
