/** Label and annotation keys, and the names every manifest agrees on. */

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'backstage-certificates';
export const TEAM_LABEL = 'certificates.backstage.io/team';
export const CERTIFICATE_LABEL = 'certificates.backstage.io/certificate';
export const PUSH_TO_VAULT_LABEL = 'certificates.backstage.io/push-to-vault';
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const REQUEST_NAMES_ANNOTATION =
  'certificates.backstage.io/request-names';

/** Name of the SecretStore every tenant namespace gets; PushSecrets refer to it. */
export const SECRET_STORE_NAME = 'vault';
/** ServiceAccount ESO authenticates to Vault as (Kubernetes auth). */
export const ESO_SERVICE_ACCOUNT = 'eso-vault';
/** ServiceAccount vault-config-operator authenticates as to manage the tenant's Vault policy and role. */
export const VAULT_CONFIG_SERVICE_ACCOUNT = 'vault-config-operator';
/** Vault Kubernetes-auth role vault-config-operator logs in with (set up once by the platform). */
export const VAULT_CONFIG_OPERATOR_ROLE = 'vault-config-operator';
export const TENANT_ROLE_NAME = 'certificates-viewer';

/**
 * Pod Security labels of every tenant Namespace. Admission requires exactly
 * these (no other `pod-security.kubernetes.io/*` label), so the level can
 * neither be lowered nor pinned to an old version.
 */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
};
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

export function managedLabels(team: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY, [TEAM_LABEL]: team };
}

export const platformLabels = (): Record<string, string> => ({
  [MANAGED_BY_LABEL]: MANAGED_BY,
});

/** Folder of the objects the platform owns for a team; applied by the platform Application, never by the tenant's. */
export const platformTenantDir = (team: string) => `platform/tenants/${team}`;
/** Top folder of the team folders, each applied by the team's own Application. */
export const TENANTS_ROOT = 'tenants';
/** Folder a team may change (by a request, or by hand in a pull request): only its Certificates and PushSecrets. */
export const tenantDir = (team: string) => `${TENANTS_ROOT}/${team}`;
/** Name of the platform's own Argo CD AppProject, which applies everything under `platform/`. */
export const PLATFORM_APP_PROJECT = 'certificates-platform';

/** Namespace of a team's tenant: the team name itself. */
export const tenantNamespace = (team: string) => team;
export const tlsSecretName = (certificateName: string) =>
  `${certificateName}-tls`;
export const vaultRoleName = (team: string) => `certs-${team}`;
export const vaultReaderPolicyName = (team: string) => `certs-${team}-reader`;
export const vaultWriterPolicyName = (team: string) => `certs-${team}-writer`;
export const appProjectName = (team: string) => `tenant-${team}`;
export const APP_PROJECT_PREFIX = 'tenant-';
