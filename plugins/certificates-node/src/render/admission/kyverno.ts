import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { platformLabels, SECRET_STORE_NAME } from '../labels';
import { teamKeyPrefix } from '../vaultPaths';
import { yamlFile } from '../yaml';
import { celString, celStringList } from './cel';
import {
  grantsCelLiteral,
  NO_RIGHTS_CEL,
  ownedNameCel,
  rightsOf,
  tenantTeams,
  wellFormedNameCel,
} from './grants';

/** Served version of `policies.kyverno.io` ValidatingPolicy used (Kyverno v1.19 serves v1, v1beta1 (storage) and v1alpha1). */
export const KYVERNO_POLICY_API_VERSION = 'policies.kyverno.io/v1';
export const ADMISSION_DIR = 'platform/admission';
/** Label the API server sets on every Namespace to its own name; tenants cannot change it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

type Validation = {
  expression: string;
  message: string;
  messageExpression?: string;
};
type Variable = { name: string; expression: string };
type Rule = { group: string; resources: string[] };

/**
 * Selects the tenant namespaces by their immutable name label rather than by
 * the team label: a tenant edits its own Namespace manifest, so a label it can
 * remove must not be what switches the policy on.
 */
function tenantNamespaceSelector(teams: string[]) {
  return {
    matchExpressions: [
      { key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...teams] },
    ],
  };
}

function validatingPolicy(
  platform: PlatformModel,
  name: string,
  description: string,
  rules: Rule[],
  variables: Variable[],
  validations: Validation[],
): RenderedFile {
  return yamlFile(`${ADMISSION_DIR}/kyverno/${name}.yaml`, {
    apiVersion: KYVERNO_POLICY_API_VERSION,
    kind: 'ValidatingPolicy',
    metadata: {
      name,
      labels: platformLabels(),
      annotations: { 'policies.kyverno.io/description': description },
    },
    spec: {
      validationActions: ['Deny'],
      failurePolicy: 'Fail',
      evaluation: {
        admission: { enabled: true },
        background: { enabled: true },
      },
      matchConstraints: {
        resourceRules: rules.map(r => ({
          apiGroups: [r.group],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: [...r.resources],
        })),
        namespaceSelector: tenantNamespaceSelector(tenantTeams(platform)),
      },
      ...(variables.length > 0 ? { variables } : {}),
      validations,
    },
  });
}

const TEAM_VARIABLE: Variable = {
  name: 'team',
  expression: 'object.metadata.namespace',
};

/** Certificates in a tenant namespace: only the team's own names, only platform ClusterIssuers, never a CA. */
function certificatesPolicy(platform: PlatformModel): RenderedFile {
  const issuers = celStringList(platform.issuers.map(i => i.name));
  const spec = 'object.spec';
  const absentOrEmpty = (field: string) =>
    `!has(${spec}.${field}) || size(${spec}.${field}) == 0`;
  return validatingPolicy(
    platform,
    'certificates-tenant-certificates',
    'Certificates in a tenant namespace may only name DNS names the team owns, issued by a platform ClusterIssuer.',
    [{ group: 'cert-manager.io', resources: ['certificates'] }],
    [
      { name: 'grants', expression: grantsCelLiteral(platform) },
      TEAM_VARIABLE,
      {
        name: 'rights',
        expression: `variables.team in variables.grants ? variables.grants[variables.team] : ${NO_RIGHTS_CEL}`,
      },
      {
        name: 'names',
        expression: `has(${spec}.dnsNames) ? ${spec}.dnsNames : []`,
      },
    ],
    [
      {
        expression: 'size(variables.names) > 0',
        message: 'a Certificate must list its names in spec.dnsNames',
      },
      {
        expression: `variables.names.all(n, ${wellFormedNameCel('n')})`,
        message:
          'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
      },
      {
        expression: `variables.names.all(n, ${ownedNameCel(
          'n',
          rightsOf('variables.rights'),
        )})`,
        message:
          "spec.dnsNames may only contain names inside the DNS grants of the namespace's team",
        messageExpression: `'team ' + variables.team + ' does not own: ' + variables.names.filter(n, !(${ownedNameCel(
          'n',
          rightsOf('variables.rights'),
        )})).join(', ')`,
      },
      {
        expression: `!has(${spec}.commonName) || ${spec}.commonName in variables.names`,
        message: 'spec.commonName must be absent or one of spec.dnsNames',
      },
      {
        expression: `!has(${spec}.literalSubject)`,
        message:
          'spec.literalSubject is not allowed (it would bypass the commonName check)',
      },
      {
        expression: `!has(${spec}.isCA) || ${spec}.isCA == false`,
        message: 'tenants may not request CA certificates (spec.isCA)',
      },
      {
        expression: ['ipAddresses', 'uris', 'emailAddresses', 'otherNames']
          .map(f => `(${absentOrEmpty(f)})`)
          .join(' && '),
        message:
          'only DNS names are allowed: spec.ipAddresses, spec.uris, spec.emailAddresses and spec.otherNames must be empty',
      },
      {
        expression:
          `has(${spec}.issuerRef.kind) && ${spec}.issuerRef.kind == 'ClusterIssuer' && ` +
          `has(${spec}.issuerRef.group) && ${spec}.issuerRef.group == 'cert-manager.io' && ` +
          `${spec}.issuerRef.name in ${issuers}`,
        message: `spec.issuerRef must be a platform ClusterIssuer (kind ClusterIssuer, group cert-manager.io, one of: ${platform.issuers
          .map(i => i.name)
          .join(', ')})`,
      },
    ],
  );
}

/** PushSecrets only push through the tenant's own `vault` SecretStore, below the team's key prefix. */
function pushSecretsPolicy(platform: PlatformModel): RenderedFile {
  const template = platform.config.remoteKeyTemplate;
  // Validated by teamKeyPrefix: `{team}` is a whole path segment; the prefix is the literal text before it.
  teamKeyPrefix(platform.config, 'x');
  const before = template.slice(0, template.indexOf('{team}/'));
  const key = 'd.match.remoteRef.remoteKey';
  return validatingPolicy(
    platform,
    'certificates-tenant-pushsecrets',
    `PushSecrets in a tenant namespace may only use the tenant's SecretStore "${SECRET_STORE_NAME}" and keys below ${
      template.split('{team}')[0]
    }<team>/.`,
    [{ group: 'external-secrets.io', resources: ['pushsecrets'] }],
    [
      TEAM_VARIABLE,
      {
        name: 'keyPrefix',
        expression: `${celString(before)} + variables.team + '/'`,
      },
      {
        name: 'refs',
        expression:
          'has(object.spec.secretStoreRefs) ? object.spec.secretStoreRefs : []',
      },
      {
        name: 'data',
        expression: 'has(object.spec.data) ? object.spec.data : []',
      },
    ],
    [
      {
        expression:
          `size(variables.refs) > 0 && variables.refs.all(r, has(r.name) && r.name == ${celString(
            SECRET_STORE_NAME,
          )} && ` +
          `has(r.kind) && r.kind == 'SecretStore' && !has(r.labelSelector))`,
        message: `spec.secretStoreRefs may only name the SecretStore "${SECRET_STORE_NAME}" (kind SecretStore, no labelSelector, no ClusterSecretStore)`,
      },
      {
        expression: '!has(object.spec.dataTo) || size(object.spec.dataTo) == 0',
        message: 'spec.dataTo is not allowed; push named keys with spec.data',
      },
      {
        expression:
          `variables.data.all(d, ${key}.startsWith(variables.keyPrefix) && size(${key}) > size(variables.keyPrefix) && ` +
          `${key}.matches('^[A-Za-z0-9._/-]+$') && !${key}.contains('..') && !${key}.contains('//') && !${key}.startsWith('/'))`,
        message:
          'every spec.data[].match.remoteRef.remoteKey must lie below the team\'s own key prefix, without "..", "//" or a leading "/"',
        messageExpression: `'remoteKey must start with ' + variables.keyPrefix + ' and contain no "..", "//" or leading "/"'`,
      },
    ],
  );
}

/** Kinds and references a tenant may never create, whatever its AppProject allows. */
function forbiddenPolicies(platform: PlatformModel): RenderedFile[] {
  const allowedClusterRoles = celStringList(
    platform.config.tenant.allowedClusterRoles,
  );
  const storeRefOk = (r: string) =>
    `(!has(${r}.kind) || ${r}.kind == 'SecretStore')`;
  return [
    validatingPolicy(
      platform,
      'certificates-tenant-no-issuers',
      'Tenants may not create cert-manager Issuers; certificates come from the platform ClusterIssuers.',
      [{ group: 'cert-manager.io', resources: ['issuers'] }],
      [],
      [
        {
          expression: 'false',
          message:
            'tenants may not create cert-manager Issuers; use a platform ClusterIssuer',
        },
      ],
    ),
    validatingPolicy(
      platform,
      'certificates-tenant-secretstores',
      `Tenants may only have the SecretStore "${SECRET_STORE_NAME}" the platform renders.`,
      [{ group: 'external-secrets.io', resources: ['secretstores'] }],
      [],
      [
        {
          expression: `has(object.metadata.name) && object.metadata.name == ${celString(
            SECRET_STORE_NAME,
          )}`,
          message: `the only SecretStore allowed in a tenant namespace is "${SECRET_STORE_NAME}"`,
        },
      ],
    ),
    validatingPolicy(
      platform,
      'certificates-tenant-externalsecrets',
      'ExternalSecrets in a tenant namespace may not reference a ClusterSecretStore.',
      [{ group: 'external-secrets.io', resources: ['externalsecrets'] }],
      [
        {
          name: 'storeRefs',
          expression:
            '(has(object.spec.secretStoreRef) ? [object.spec.secretStoreRef] : []) + ' +
            '(has(object.spec.data) ? object.spec.data.filter(d, has(d.sourceRef) && has(d.sourceRef.storeRef)).map(d, d.sourceRef.storeRef) : []) + ' +
            '(has(object.spec.dataFrom) ? object.spec.dataFrom.filter(d, has(d.sourceRef) && has(d.sourceRef.storeRef)).map(d, d.sourceRef.storeRef) : [])',
        },
      ],
      [
        {
          expression: `variables.storeRefs.all(r, ${storeRefOk('r')})`,
          message:
            'ExternalSecrets in a tenant namespace may only reference a SecretStore, never a ClusterSecretStore',
        },
      ],
    ),
    validatingPolicy(
      platform,
      'certificates-tenant-rolebindings',
      'RoleBindings in a tenant namespace may only bind Roles or the ClusterRoles the platform allows.',
      [{ group: 'rbac.authorization.k8s.io', resources: ['rolebindings'] }],
      [],
      [
        {
          expression: `object.roleRef.kind != 'ClusterRole' || object.roleRef.name in ${allowedClusterRoles}`,
          message: `a RoleBinding may only bind a Role or one of the ClusterRoles: ${
            platform.config.tenant.allowedClusterRoles.join(', ') || '(none)'
          }`,
        },
      ],
    ),
  ];
}

/**
 * Kyverno ValidatingPolicies that hold tenant isolation at admission, from
 * the same ownership model as the renderer. Cluster-scoped, so they live in
 * the platform bundle, out of every tenant AppProject's reach. None when no
 * team is configured (a namespace selector needs at least one value).
 */
export function renderKyvernoPolicyFiles(
  platform: PlatformModel,
): RenderedFile[] {
  if (tenantTeams(platform).length === 0) return [];
  return [
    certificatesPolicy(platform),
    pushSecretsPolicy(platform),
    ...forbiddenPolicies(platform),
  ];
}
