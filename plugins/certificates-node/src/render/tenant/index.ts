import {
  PlatformModel,
  RenderedFile,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderAppProjectFile } from './appProject';
import { renderCertificateFile } from './certificate';
import { renderNamespaceFiles } from './namespace';
import { renderNetworkPolicyFiles } from './networkPolicies';
import { renderPushSecretFile } from './pushSecret';
import { renderRbacFiles } from './rbac';
import { renderSecretStoreFile } from './secretStore';
import { renderVaultFiles } from './vault';

/**
 * Everything a team's namespace needs, independent of any one certificate,
 * all of it owned by the platform and rendered under `platform/tenants/<team>/`:
 * the team can read these files but its Application can never apply them.
 */
export function renderTenantFiles(
  team: string,
  platform: PlatformModel,
): RenderedFile[] {
  return [
    ...renderNamespaceFiles(team, platform),
    ...renderRbacFiles(team),
    ...renderNetworkPolicyFiles(team, platform),
    renderSecretStoreFile(team, platform),
    ...renderVaultFiles(team, platform),
    renderAppProjectFile(team, platform),
  ];
}

/** One certificate's own files under `tenants/<team>/`: the Certificate and its PushSecret, the only kinds a team may change. */
export function renderCertificateFiles(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
): RenderedFile[] {
  return [
    renderCertificateFile(resolved, platform),
    renderPushSecretFile(resolved, platform),
  ];
}
