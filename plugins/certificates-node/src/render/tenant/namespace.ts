import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { managedLabels, tenantNamespace } from '../labels';
import { sortKeysDeep, yamlFile } from '../yaml';

/** The tenant Namespace with its ResourceQuota and LimitRange (from `certificates.tenant`). */
export function renderNamespaceFiles(
  team: string,
  platform: PlatformModel,
): RenderedFile[] {
  const ns = tenantNamespace(team);
  const { resourceQuota, limitRange } = platform.config.tenant;
  return [
    yamlFile(`tenants/${team}/namespace.yaml`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          ...managedLabels(team),
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    }),
    yamlFile(`tenants/${team}/resourcequota.yaml`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: {
        name: 'tenant-quota',
        namespace: ns,
        labels: managedLabels(team),
      },
      spec: { hard: sortKeysDeep(resourceQuota) },
    }),
    yamlFile(`tenants/${team}/limitrange.yaml`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: {
        name: 'tenant-limits',
        namespace: ns,
        labels: managedLabels(team),
      },
      spec: {
        limits: [
          {
            type: 'Container',
            default: {
              cpu: limitRange.defaultCpu,
              memory: limitRange.defaultMemory,
            },
            defaultRequest: {
              cpu: limitRange.defaultRequestCpu,
              memory: limitRange.defaultRequestMemory,
            },
          },
        ],
      },
    }),
  ];
}
