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

/** Everything a team's namespace needs, independent of any one certificate. */
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

/** One certificate's own files: the Certificate and its PushSecret. */
export function renderCertificateFiles(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
): RenderedFile[] {
  return [
    renderCertificateFile(resolved, platform),
    renderPushSecretFile(resolved, platform),
  ];
}
