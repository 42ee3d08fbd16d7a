import { RenderedFile } from '@internal/plugin-certificates-common';
import {
  ESO_SERVICE_ACCOUNT,
  managedLabels,
  platformTenantDir,
  TENANT_ROLE_NAME,
  tenantNamespace,
} from '../labels';
import { yamlFile } from '../yaml';

const READ = ['get', 'list', 'watch'];

/**
 * The only rules a Role in a tenant namespace may hold (admission refuses any
 * other): reading what explains a certificate's state. No secrets, no
 * pods/exec, no serviceaccounts/token, no write verbs, no wildcards.
 */
export const TENANT_ROLE_RULES: ReadonlyArray<{
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}> = [
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
];

/**
 * Read-only access for the team's group to what explains a certificate's
 * state, and the ServiceAccount ESO authenticates to Vault as.
 */
export function renderRbacFiles(team: string): RenderedFile[] {
  const ns = tenantNamespace(team);
  const labels = managedLabels(team);
  return [
    yamlFile(`${platformTenantDir(team)}/rbac/role.yaml`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: TENANT_ROLE_NAME, namespace: ns, labels },
      rules: TENANT_ROLE_RULES.map(r => structuredClone(r)),
    }),
    yamlFile(`${platformTenantDir(team)}/rbac/rolebinding.yaml`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: TENANT_ROLE_NAME, namespace: ns, labels },
      // Bound to the team's group only; admission refuses any other subject.
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
      `${platformTenantDir(
        team,
      )}/rbac/serviceaccount-${ESO_SERVICE_ACCOUNT}.yaml`,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: ESO_SERVICE_ACCOUNT, namespace: ns, labels },
        automountServiceAccountToken: false,
      },
    ),
  ];
}
