import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { APP_PROJECT_PREFIX, platformLabels } from '../labels';
import { yamlFile } from '../yaml';

export const TENANTS_APPLICATIONSET_NAME = 'certificates-tenants';
export const PLATFORM_APPLICATION_NAME = 'certificates-platform';

/**
 * Argo CD wiring: an ApplicationSet that turns every `tenants/<team>`
 * directory into an Application in the tenant's AppProject and namespace,
 * and an Application that syncs `platform/` (ClusterIssuers, AppProjects and
 * this ApplicationSet itself).
 */
export function renderArgoCdFiles(platform: PlatformModel): RenderedFile[] {
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
              directory: { recurse: true },
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
        project: 'default',
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
