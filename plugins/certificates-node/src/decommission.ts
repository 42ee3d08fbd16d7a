import {
  PlatformModel,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderCertificateFiles, renderTenantFiles } from './render';

/**
 * The paths a decommission pull request removes: the certificate's own
 * files (its Certificate and PushSecret; the PushSecret's
 * `deletionPolicy: Delete` makes External Secrets remove the Vault copy),
 * and the team's bundle only when this is its last certificate. Computed
 * from the same renderer that wrote them, so the two cannot drift.
 */
export function renderDecommissionPaths(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
  options: { lastOfTeam: boolean },
): string[] {
  const own = renderCertificateFiles(resolved, platform).map(f => f.path);
  const team = options.lastOfTeam
    ? renderTenantFiles(resolved.request.team, platform).map(f => f.path)
    : [];
  return [...new Set([...own, ...team])].sort();
}
