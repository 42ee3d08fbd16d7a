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
import { load } from 'js-yaml';
import { yamlFile } from '../yaml';
import { monitoringConfigOf } from './monitoring';

export type Kind = { group: string; kind: string };

/** The kinds the platform Application applies, by scope: its AppProject whitelists exactly these. */
export type AppliedKinds = {
  cluster: ReadonlyArray<Kind>;
  namespaced: ReadonlyArray<Kind>;
};

const APP_PROJECT_KIND: Kind = { group: 'argoproj.io', kind: 'AppProject' };

/**
 * The kinds of `files` (YAML manifests), split by scope: an object the
 * renderer gives no namespace is cluster-scoped (every namespaced object is
 * rendered with its namespace; the corpus test checks each rendered file
 * against the resulting project). Sorted, without duplicates.
 */
export function appliedKindsOf(files: RenderedFile[]): AppliedKinds {
  const cluster = new Map<string, Kind>();
  const namespaced = new Map<string, Kind>();
  for (const file of files) {
    if (!file.path.endsWith('.yaml') || file.path.startsWith('.github/'))
      continue;
    const doc = load(file.content) as {
      apiVersion: string;
      kind: string;
      metadata?: { namespace?: string };
    };
    const group = doc.apiVersion.includes('/')
      ? doc.apiVersion.split('/')[0]
      : '';
    const target = doc.metadata?.namespace ? namespaced : cluster;
    target.set(`${group}/${doc.kind}`, { group, kind: doc.kind });
  }
  const sorted = (m: Map<string, Kind>) =>
    [...m.keys()].sort().map(k => m.get(k)!);
  return { cluster: sorted(cluster), namespaced: sorted(namespaced) };
}

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
export function renderArgoCdFiles(
  platform: PlatformModel,
  applied: AppliedKinds,
): RenderedFile[] {
  const { argocd } = platform.config;
  const wiring = renderArgoCdWiring(platform);
  // The project whitelists what the platform renders, its own wiring and itself: no hand-kept list.
  const kinds = appliedKindsOf(wiring);
  const namespaced = new Map(
    [...applied.namespaced, ...kinds.namespaced, APP_PROJECT_KIND].map(k => [
      `${k.group}/${k.kind}`,
      k,
    ]),
  );
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
        clusterResourceWhitelist: applied.cluster.map(k => ({ ...k })),
        namespaceResourceWhitelist: [...namespaced.keys()]
          .sort()
          .map(k => ({ ...namespaced.get(k)! })),
      },
    }),
    ...wiring,
  ];
}

/** The ApplicationSet of the tenants and the platform's own Application. */
function renderArgoCdWiring(platform: PlatformModel): RenderedFile[] {
  const { argocd } = platform.config;
  return [
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
