import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import {
  managedLabels,
  platformTenantDir,
  POD_SECURITY_LABELS,
  tenantNamespace,
} from '../labels';
import { sortKeysDeep, yamlFile } from '../yaml';

/** Quota key that counts cert-manager Certificates in a namespace. */
export const CERTIFICATE_COUNT_QUOTA = 'count/certificates.cert-manager.io';
export const RESOURCE_QUOTA_NAME = 'tenant-quota';

/** The tenant Namespace with its ResourceQuota and LimitRange (from `certificates.tenant`). */
export function renderNamespaceFiles(
  team: string,
  platform: PlatformModel,
): RenderedFile[] {
  const ns = tenantNamespace(team);
  const { resourceQuota, limitRange, maxCertificates } = platform.config.tenant;
  return [
    yamlFile(`${platformTenantDir(team)}/namespace.yaml`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { ...managedLabels(team), ...POD_SECURITY_LABELS },
      },
    }),
    yamlFile(`${platformTenantDir(team)}/resourcequota.yaml`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: {
        name: RESOURCE_QUOTA_NAME,
        namespace: ns,
        labels: managedLabels(team),
      },
      // The certificate count caps how much of the shared ACME account's rate limits one team can use.
      spec: {
        hard: sortKeysDeep({
          ...resourceQuota,
          [CERTIFICATE_COUNT_QUOTA]: String(maxCertificates),
        }),
      },
    }),
    yamlFile(`${platformTenantDir(team)}/limitrange.yaml`, {
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
