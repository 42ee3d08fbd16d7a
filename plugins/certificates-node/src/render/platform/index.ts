import { PlatformModel, RenderedFile } from '@internal/plugin-certificates-common';
import { renderArgoCdFiles } from './argocd';
import { renderClusterIssuerFiles } from './clusterIssuers';

/**
 * Platform files other than monitoring. Monitoring hook: another module,
 * `./monitoring` exporting `renderMonitoringFiles(platform)`, is added to
 * `renderPlatformFiles` in `../index.ts` when it exists.
 */
export function renderCorePlatformFiles(platform: PlatformModel): RenderedFile[] {
  return [...renderClusterIssuerFiles(platform), ...renderArgoCdFiles(platform)];
}
