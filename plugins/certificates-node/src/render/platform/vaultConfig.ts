import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { platformLabels, VAULT_CONFIG_SERVICE_ACCOUNT } from '../labels';
import { yamlFile } from '../yaml';

/**
 * The platform namespace that holds every team's vault-config-operator
 * Policy and KubernetesAuthEngineRole, and the one ServiceAccount the
 * operator authenticates to Vault as (bound once, by the platform, to the
 * Vault role `vault-config-operator`). No tenant can write here.
 */
export function renderVaultConfigFiles(
  platform: PlatformModel,
): RenderedFile[] {
  const namespace = platform.config.vault.configNamespace;
  return [
    yamlFile('platform/vault-config/namespace.yaml', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...platformLabels(),
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    }),
    yamlFile('platform/vault-config/serviceaccount.yaml', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: VAULT_CONFIG_SERVICE_ACCOUNT,
        namespace,
        labels: platformLabels(),
      },
      automountServiceAccountToken: false,
    }),
  ];
}
