import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import {
  appProjectName,
  managedLabels,
  platformTenantDir,
  tenantNamespace,
} from '../labels';
import { yamlFile } from '../yaml';
import { CERTIFICATE_FILE } from './certificate';
import { PUSH_SECRET_FILE } from './pushSecret';

/** The files of one certificate's folder under `tenants/<team>/`, as their renderers emit them (the one source of the tenant whitelist and the repository check). */
export const TENANT_FILES = [CERTIFICATE_FILE, PUSH_SECRET_FILE] as const;

/**
 * Every kind a team may change through its own folder `tenants/<team>/`, and
 * nothing else (docs/security.md gives the reason for each):
 * - `Certificate`: what a team asks for; admission checks every name against
 *   the ownership model, the issuer and the SAN types.
 * - `PushSecret`: copies the Certificate's Secret to Vault; admission keeps
 *   it on the tenant's own SecretStore and below the team's key prefix.
 * No cluster-scoped kind at all: the Namespace, its quota, limits, network
 * policies, RBAC, SecretStore and Vault objects are the platform's.
 */
export const TENANT_KINDS: ReadonlyArray<{ group: string; kind: string }> =
  TENANT_FILES.map(f => ({
    group: f.apiVersion.includes('/') ? f.apiVersion.split('/')[0] : '',
    kind: f.kind,
  }));

/** Path of a tenant's AppProject; it lives under `platform/` because the tenant's own Application may not manage it. */
export const appProjectPath = (team: string) =>
  `${platformTenantDir(team)}/appproject.yaml`;

/**
 * The tenant's Argo CD AppProject: deploys only from the GitOps repository,
 * only into the tenant namespace, only {@link TENANT_KINDS}, and no
 * cluster-scoped kind (an empty whitelist denies all of them).
 */
export function renderAppProjectFile(
  team: string,
  platform: PlatformModel,
): RenderedFile {
  const { argocd } = platform.config;
  const ns = tenantNamespace(team);
  return yamlFile(appProjectPath(team), {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: appProjectName(team),
      namespace: argocd.namespace,
      labels: managedLabels(team),
    },
    spec: {
      description: `Certificates of team ${team}, managed by Backstage`,
      sourceRepos: [argocd.repoURL],
      destinations: [{ server: argocd.destinationServer, namespace: ns }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: TENANT_KINDS.map(k => ({ ...k })),
    },
  });
}
