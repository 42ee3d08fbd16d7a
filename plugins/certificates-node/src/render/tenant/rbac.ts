import { RenderedFile } from '@internal/plugin-certificates-common';
import {
  ESO_SERVICE_ACCOUNT,
  managedLabels,
  TENANT_ROLE_NAME,
  tenantNamespace,
  VAULT_CONFIG_SERVICE_ACCOUNT,
} from '../labels';
import { yamlFile } from '../yaml';

const READ = ['get', 'list', 'watch'];

/**
 * Read-only access for the team's group to what explains a certificate's
 * state, and the ServiceAccounts the controllers authenticate to Vault as.
 */
export function renderRbacFiles(team: string): RenderedFile[] {
  const ns = tenantNamespace(team);
  const labels = managedLabels(team);
  return [
    yamlFile(`tenants/${team}/rbac/role.yaml`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: TENANT_ROLE_NAME, namespace: ns, labels },
      rules: [
        {
          apiGroups: ['cert-manager.io'],
          resources: ['certificates', 'certificaterequests'],
          verbs: READ,
        },
        {
          apiGroups: ['acme.cert-manager.io'],
          resources: ['orders', 'challenges'],
          verbs: READ,
        },
        { apiGroups: [''], resources: ['events'], verbs: READ },
      ],
    }),
    yamlFile(`tenants/${team}/rbac/rolebinding.yaml`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: TENANT_ROLE_NAME, namespace: ns, labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: TENANT_ROLE_NAME,
      },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: team },
      ],
    }),
    yamlFile(
      `tenants/${team}/rbac/serviceaccount-${ESO_SERVICE_ACCOUNT}.yaml`,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: ESO_SERVICE_ACCOUNT, namespace: ns, labels },
        automountServiceAccountToken: false,
      },
    ),
    yamlFile(
      `tenants/${team}/rbac/serviceaccount-${VAULT_CONFIG_SERVICE_ACCOUNT}.yaml`,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: VAULT_CONFIG_SERVICE_ACCOUNT, namespace: ns, labels },
        automountServiceAccountToken: false,
      },
    ),
  ];
}
