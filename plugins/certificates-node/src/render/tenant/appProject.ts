import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { appProjectName, managedLabels, tenantNamespace } from '../labels';
import { yamlFile } from '../yaml';

/** Every namespaced kind the tenant bundle contains, and nothing else. */
export const TENANT_NAMESPACED_KINDS: Array<{ group: string; kind: string }> = [
  { group: '', kind: 'LimitRange' },
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'cert-manager.io', kind: 'Certificate' },
  { group: 'external-secrets.io', kind: 'PushSecret' },
  { group: 'external-secrets.io', kind: 'SecretStore' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'redhatcop.redhat.io', kind: 'KubernetesAuthEngineRole' },
  { group: 'redhatcop.redhat.io', kind: 'Policy' },
];

/** Path of a tenant's AppProject; it lives under `platform/` because the tenant's own Application may not manage it. */
export const appProjectPath = (team: string) =>
  `platform/tenants/${team}/appproject.yaml`;

/**
 * The tenant's Argo CD AppProject: deploys only into the tenant namespace, only
 * the kinds of the tenant bundle, and of cluster-scoped kinds only its own Namespace.
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
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: ns }],
      namespaceResourceWhitelist: TENANT_NAMESPACED_KINDS.map(k => ({ ...k })),
    },
  });
}
