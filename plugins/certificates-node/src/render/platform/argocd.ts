import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import {
  APP_PROJECT_PREFIX,
  PLATFORM_APP_PROJECT,
  platformLabels,
  tenantNamespace,
} from '../labels';
import { yamlFile } from '../yaml';
import { monitoringConfigOf } from './monitoring';

type Kind = { group: string; kind: string };

/** Cluster-scoped kinds the platform Application applies (and nothing else cluster-wide). */
export const PLATFORM_CLUSTER_KINDS: ReadonlyArray<Kind> = [
  { group: '', kind: 'Namespace' },
  { group: 'cert-manager.io', kind: 'ClusterIssuer' },
  { group: 'policies.kyverno.io', kind: 'ValidatingPolicy' },
  { group: 'policy.cert-manager.io', kind: 'CertificateRequestPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
];

/** Namespaced kinds the platform Application applies: Argo CD wiring, the tenants' platform-owned objects, monitoring. */
export const PLATFORM_NAMESPACED_KINDS: ReadonlyArray<Kind> = [
  { group: '', kind: 'ConfigMap' },
  { group: '', kind: 'LimitRange' },
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'argoproj.io', kind: 'AppProject' },
  { group: 'argoproj.io', kind: 'Application' },
  { group: 'argoproj.io', kind: 'ApplicationSet' },
  { group: 'external-secrets.io', kind: 'SecretStore' },
  { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'redhatcop.redhat.io', kind: 'KubernetesAuthEngineRole' },
  { group: 'redhatcop.redhat.io', kind: 'Policy' },
];

/** Namespaces the platform Application may write to: its own, the Vault config and monitoring ones, and every tenant's. */
export function platformNamespaces(platform: PlatformModel): string[] {
  const monitoring = monitoringConfigOf(platform);
  return [
    ...new Set([
      platform.config.argocd.namespace,
      platform.config.vault.configNamespace,
      monitoring.ruleNamespace,
      monitoring.dashboardNamespace,
      ...platform.teamNames().map(tenantNamespace),
    ]),
  ];
}

/** Files a tenant Application reads (Argo CD's glob: `*` crosses folders). */
export const TENANT_MANIFEST_GLOB = '*.yaml';
export const TENANTS_APPLICATIONSET_NAME = 'certificates-tenants';
export const PLATFORM_APPLICATION_NAME = 'certificates-platform';

/**
 * Argo CD wiring: an ApplicationSet that turns every `tenants/<team>`
 * directory into an Application in the tenant's AppProject and namespace,
 * and an Application that syncs `platform/` (ClusterIssuers, admission
 * policies, AppProjects, every tenant's platform-owned objects and this
 * ApplicationSet itself) in its own AppProject. That project is not
 * `default`, which would accept any repository and every kind: it names the
 * one repository, the namespaces and the kinds the platform renders.
 */
export function renderArgoCdFiles(platform: PlatformModel): RenderedFile[] {
  const { argocd } = platform.config;
  return [
    yamlFile('platform/argocd/appproject-platform.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: PLATFORM_APP_PROJECT,
        namespace: argocd.namespace,
        labels: platformLabels(),
      },
      spec: {
        description:
          'Platform side of the Backstage certificates: everything under platform/',
        sourceRepos: [argocd.repoURL],
        destinations: platformNamespaces(platform).map(namespace => ({
          server: argocd.destinationServer,
          namespace,
        })),
        clusterResourceWhitelist: PLATFORM_CLUSTER_KINDS.map(k => ({ ...k })),
        namespaceResourceWhitelist: PLATFORM_NAMESPACED_KINDS.map(k => ({
          ...k,
        })),
      },
    }),
    yamlFile('platform/argocd/applicationset-tenants.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: {
        name: TENANTS_APPLICATIONSET_NAME,
        namespace: argocd.namespace,
        labels: platformLabels(),
      },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [
          {
            git: {
              repoURL: argocd.repoURL,
              revision: argocd.targetRevision,
              directories: [{ path: 'tenants/*' }],
            },
          },
        ],
        template: {
          metadata: {
            name: `${APP_PROJECT_PREFIX}{{.path.basename}}`,
            labels: {
              ...platformLabels(),
              'certificates.backstage.io/team': '{{.path.basename}}',
            },
          },
          spec: {
            project: `${APP_PROJECT_PREFIX}{{.path.basename}}`,
            source: {
              repoURL: argocd.repoURL,
              targetRevision: argocd.targetRevision,
              path: '{{.path.path}}',
              // Only YAML manifests: Jsonnet (.jsonnet, .libsonnet) and JSON
              // are never evaluated from a team folder. The `directory`
              // type is explicit, so discovery never picks Kustomize or Helm
              // by itself; source override files are the repository check's.
              directory: { recurse: true, include: TENANT_MANIFEST_GLOB },
            },
            destination: {
              server: argocd.destinationServer,
              namespace: '{{.path.basename}}',
            },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        },
      },
    }),
    yamlFile('platform/argocd/application-platform.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: PLATFORM_APPLICATION_NAME,
        namespace: argocd.namespace,
        labels: platformLabels(),
      },
      spec: {
        project: PLATFORM_APP_PROJECT,
        source: {
          repoURL: argocd.repoURL,
          targetRevision: argocd.targetRevision,
          path: 'platform',
          directory: { recurse: true },
        },
        destination: {
          server: argocd.destinationServer,
          namespace: argocd.namespace,
        },
        syncPolicy: { automated: { prune: false, selfHeal: true } },
      },
    }),
  ];
}
