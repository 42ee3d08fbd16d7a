import { DEFAULT_USAGES } from '../tenant/certificate';
import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { managedLabels, platformLabels, tenantNamespace } from '../labels';
import { yamlFile } from '../yaml';
import {
  ownedNameCel,
  rightsLiterals,
  shadowedWildcardBasesCel,
  teamNameRights,
  wellFormedNameCel,
  zonesCelLiteral,
} from './grants';
import { ADMISSION_DIR } from './kyverno';

export const APPROVER_POLICY_API_VERSION = 'policy.cert-manager.io/v1alpha1';
/**
 * The ServiceAccount that creates the CertificateRequests of Certificates
 * (the cert-manager controller), which approver-policy checks for `use` of a
 * policy; from `certificates.certManager` (the Helm chart's defaults).
 */
export function certManagerServiceAccount(platform: PlatformModel) {
  const { namespace, serviceAccount } = platform.config.certManager;
  return { name: serviceAccount, namespace };
}

/** The user name the API server gives the cert-manager controller. */
export function certManagerUsername(platform: PlatformModel): string {
  const sa = certManagerServiceAccount(platform);
  return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}
export const APPROVER_POLICY_CLUSTER_ROLE = 'certificates-tenant-policies:use';

export const certificateRequestPolicyName = (team: string, issuer: string) =>
  `certificates-${team}-${issuer}`;

/** Key usages cert-manager puts on a Certificate's request when the Certificate names none (the defaults). */

/**
 * CEL rules approver-policy runs on every requested DNS name (`self`). The
 * `values` globs are only a coarse first filter, because approver-policy's
 * `*` also matches dots; these rules do the exact, label-bounded matching.
 */
export function dnsNameRules(
  team: string,
  platform: PlatformModel,
): Array<{ rule: string; message: string }> {
  return [
    {
      rule: wellFormedNameCel('self'),
      message:
        'must be a lowercase DNS name with no trailing dot; "*" only as the whole leftmost label',
    },
    {
      rule: ownedNameCel(
        'self',
        rightsLiterals(team, platform),
        zonesCelLiteral(platform),
        shadowedWildcardBasesCel(platform),
      ),
      message: `must lie inside the DNS grants of team ${team}`,
    },
  ];
}

/** The `values` globs of one team: a coarse superset of its names (the CEL rules are exact). */
function dnsNameGlobs(team: string, platform: PlatformModel): string[] {
  const rights = teamNameRights(team, platform);
  const globs = [
    ...rights.subtree.flatMap(b => [b, `*.${b}`]),
    ...rights.apex,
    ...rights.apexWildcard.map(b => `*.${b}`),
  ];
  return [...new Set(globs)];
}

/**
 * One approver-policy CertificateRequestPolicy per team and platform issuer:
 * requests from the team's namespace to that ClusterIssuer are approved only
 * for the team's own DNS names, never as a CA. Plus the RBAC approver-policy
 * requires (a policy only applies to requesters bound to `use` it: here the
 * cert-manager controller, which creates the requests of every Certificate).
 */
export function renderApproverPolicyFiles(
  platform: PlatformModel,
): RenderedFile[] {
  const teams = platform.teamNames();
  if (teams.length === 0) return [];
  const policyNames: string[] = [];
  const files: RenderedFile[] = [];
  for (const team of teams) {
    const rules = dnsNameRules(team, platform);
    const values = dnsNameGlobs(team, platform);
    for (const issuer of platform.issuers) {
      const name = certificateRequestPolicyName(team, issuer.name);
      policyNames.push(name);
      files.push(
        yamlFile(
          `${ADMISSION_DIR}/approver-policy/${team}/${issuer.name}.yaml`,
          {
            apiVersion: APPROVER_POLICY_API_VERSION,
            kind: 'CertificateRequestPolicy',
            metadata: { name, labels: managedLabels(team) },
            spec: {
              allowed: {
                commonName: {
                  value: '*',
                  validations: rules.map(r => ({ ...r })),
                },
                dnsNames: {
                  required: true,
                  values: [...values],
                  validations: rules.map(r => ({ ...r })),
                },
                isCA: false,
                usages: [...DEFAULT_USAGES],
              },
              // A short-lived certificate renews often: each renewal is a new ACME order on the shared account.
              constraints: { minDuration: platform.config.duration },
              selector: {
                issuerRef: {
                  name: issuer.name,
                  kind: 'ClusterIssuer',
                  group: 'cert-manager.io',
                },
                namespace: { matchNames: [tenantNamespace(team)] },
              },
            },
          },
        ),
      );
    }
  }
  files.push(
    yamlFile(`${ADMISSION_DIR}/approver-policy/rbac/clusterrole.yaml`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: APPROVER_POLICY_CLUSTER_ROLE,
        labels: platformLabels(),
      },
      rules: [
        {
          apiGroups: ['policy.cert-manager.io'],
          resources: ['certificaterequestpolicies'],
          verbs: ['use'],
          resourceNames: policyNames,
        },
      ],
    }),
    yamlFile(`${ADMISSION_DIR}/approver-policy/rbac/clusterrolebinding.yaml`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        name: APPROVER_POLICY_CLUSTER_ROLE,
        labels: platformLabels(),
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: APPROVER_POLICY_CLUSTER_ROLE,
      },
      subjects: [
        { kind: 'ServiceAccount', ...certManagerServiceAccount(platform) },
      ],
    }),
  );
  return files;
}
