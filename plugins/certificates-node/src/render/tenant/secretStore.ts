import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import {
  ESO_SERVICE_ACCOUNT,
  managedLabels,
  platformTenantDir,
  SECRET_STORE_NAME,
  tenantNamespace,
  vaultRoleName,
} from '../labels';
import { yamlFile } from '../yaml';

/** The tenant's ESO SecretStore: Vault KV v2, Kubernetes auth as the `eso-vault` ServiceAccount. */
export function renderSecretStoreFile(
  team: string,
  platform: PlatformModel,
): RenderedFile {
  const { vault } = platform.config;
  return yamlFile(`${platformTenantDir(team)}/secretstore.yaml`, {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: {
      name: SECRET_STORE_NAME,
      namespace: tenantNamespace(team),
      labels: managedLabels(team),
    },
    spec: {
      provider: {
        vault: {
          server: vault.server,
          path: vault.kvMount,
          version: 'v2',
          auth: {
            kubernetes: {
              mountPath: vault.kubernetesAuthMount,
              role: vaultRoleName(team),
              serviceAccountRef: { name: ESO_SERVICE_ACCOUNT },
            },
          },
        },
      },
    },
  });
}
