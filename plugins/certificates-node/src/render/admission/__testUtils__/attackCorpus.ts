import { APPROVER_NONE_APPLICABLE } from './layers';

/**
 * The attack corpus: each attack is a YAML file under
 * `__fixtures__/attacks/<id>.yaml`, written as a member of the team would
 * commit it under `tenants/<team>/` in a hand-made pull request. For every
 * layer the expectation is `allowed`, `n/a` (the layer never sees the
 * object) or the message the layer refuses it with. docs/security.md lists
 * every id (a test keeps the two in sync).
 */
export type Expectation = 'allowed' | 'n/a' | string;
export type Layer =
  | 'repository'
  | 'appProject'
  | 'kyverno'
  | 'approver'
  | 'quota';

export type CorpusAttack = {
  id: string;
  /**
   * The escape this is a variant of: 1-6 of issue 14; 7 files Argo CD's
   * repo-server reads besides manifests, 8 the Secret a PushSecret pushes,
   * 9 the shared ACME budget over time, 10 checks approver-policy or
   * cert-manager's webhook made alone (issue 24).
   */
  escape: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
  /** Which test platform: the two-zone test platform, three nested zones, or IDN twins. */
  platform: 'main' | 'nested' | 'idn';
  /** The team whose folder the file is committed to (its Application applies it). */
  team: string;
  /** UPDATE: the file replaces the object the platform rendered of the same kind and name. */
  operation?: 'UPDATE';
  /** For an UPDATE of a Certificate: the request whose rendered Certificate it replaces. */
  oldRequest?: Record<string, unknown>;
  /** Path below `tenants/<team>/` the file is committed as; by default `certificates/<name>/<kind>.yaml`. */
  committedAs?: string;
  /** git's mode of the committed file when not a regular file (`120000`: a symbolic link whose target is the file's text). */
  mode?: string;
  /** Certificates the namespace already holds, for the quota layer. */
  existingCertificates?: number;
  expect: Record<Layer, Expectation>;
};

const ap = (group: string, kind: string, team = 'team-a') =>
  `resource ${group}:${kind} is not permitted in project tenant-${team}`;
const owns = (team: string, names: string) =>
  `team ${team} does not own: ${names}`;
const grant = (name: string, team: string) =>
  `spec.allowed.dnsNames.validations: "${name}": must lie inside the DNS grants of team ${team}`;
const NA = 'n/a';
const OK = 'allowed';

const VAULT =
  'Vault policies and auth roles (redhatcop.redhat.io) may not be created in a tenant namespace; the platform manages them in namespace certificates-vault';
const ROLE =
  'Role rules not allowed in a tenant namespace (only get/list/watch on certificates, certificaterequests, orders, challenges, events): ';
const ROLE_REF =
  'a RoleBinding may only bind the Role certificates-viewer or one of the ClusterRoles: view';
const SUBJECTS = 'subjects other than Group team-a are not allowed: ';
const ACME = (kind: string) =>
  `system:serviceaccount:argocd:argocd-application-controller may not write a ${kind}; only cert-manager (system:serviceaccount:cert-manager:cert-manager) may: request a Certificate instead`;
const PSS =
  'the Pod Security labels of a tenant namespace are fixed: exactly pod-security.kubernetes.io/enforce=restricted';
const TEAM_LABEL =
  'a tenant namespace must keep the label certificates.backstage.io/team equal to its name';
const STORE =
  'the SecretStore must use Vault http://vault.vault.svc:8200, KV v2 mount kv and role certs-team-a as ServiceAccount eso-vault';

/** The repository check's refusal of a file that is not a team's Certificate or PushSecret. */
const REPO_FILE =
  'a team folder holds only tenants/team-a/certificates/<name>/certificate.yaml or pushsecret.yaml, one manifest each';
const repoNotAllowed = (path: string, what: string) =>
  `tenants/team-a/${path}: not allowed (${what}); ${REPO_FILE}`;
const SHOP_REQUEST = {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'shop',
  issuer: 'letsencrypt-prod',
};
const SELECTOR =
  'spec.selector may only be secret.name, naming the Secret of the Certificate of the same name (<name>-tls); generatorRef and secret.selector are not allowed';

const rbac = (kind: string) => ap('rbac.authorization.k8s.io', kind);
const cert = (
  id: string,
  platform: CorpusAttack['platform'],
  team: string,
  kyverno: string,
  approver: string,
  escape: CorpusAttack['escape'] = 4,
): CorpusAttack => ({
  id,
  escape,
  platform,
  team,
  expect: { repository: OK, appProject: OK, kyverno, approver, quota: OK },
});
const main = (
  id: string,
  escape: CorpusAttack['escape'],
  expect: Partial<Record<Layer, Expectation>>,
  extra: Partial<CorpusAttack> = {},
): CorpusAttack => ({
  id,
  escape,
  platform: 'main',
  team: 'team-a',
  expect: {
    repository: REPO_FILE,
    appProject: OK,
    kyverno: OK,
    approver: NA,
    quota: NA,
    ...expect,
  },
  ...extra,
});
/** A file only the repository check judges: not a Kubernetes object, so no later layer sees it. */
const repoOnly = (
  id: string,
  committedAs: string,
  repository: string,
  extra: Partial<CorpusAttack> = {},
): CorpusAttack => ({
  id,
  escape: 7,
  platform: 'main',
  team: 'team-a',
  committedAs,
  expect: { repository, appProject: NA, kyverno: NA, approver: NA, quota: NA },
  ...extra,
});
/** A Certificate of team-a's own names that only the named layers refuse. */
const ownCert = (
  id: string,
  escape: CorpusAttack['escape'],
  expect: Partial<Record<Layer, Expectation>>,
  extra: Partial<CorpusAttack> = {},
): CorpusAttack => ({
  id,
  escape,
  platform: 'main',
  team: 'team-a',
  expect: {
    repository: OK,
    appProject: OK,
    kyverno: OK,
    approver: OK,
    quota: OK,
    ...expect,
  },
  ...extra,
});

export const ATTACK_CORPUS: CorpusAttack[] = [
  // 1. Vault policy and auth role
  main('e1-vault-policy-read-all', 1, {
    appProject: ap('redhatcop.redhat.io', 'Policy'),
    kyverno: VAULT,
  }),
  main('e1-vault-policy-overwrite-team-b', 1, {
    appProject: ap('redhatcop.redhat.io', 'Policy'),
    kyverno: VAULT,
  }),
  main('e1-vault-auth-role-any-sa', 1, {
    appProject: ap('redhatcop.redhat.io', 'KubernetesAuthEngineRole'),
    kyverno: VAULT,
  }),
  main('e1-vault-policy-in-config-namespace', 1, {
    appProject: ap('redhatcop.redhat.io', 'Policy'),
    kyverno: OK,
  }),
  // 2. RBAC, ACME objects and other kinds applied with Argo CD's rights
  main('e2-role-secrets', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}/secrets:get,list`,
  }),
  main('e2-role-pods-exec', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}/pods/exec:create`,
  }),
  main('e2-role-serviceaccount-token', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}/serviceaccounts/token:create`,
  }),
  main('e2-role-escalate-bind', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}rbac.authorization.k8s.io/roles,rolebindings:escalate,bind,create`,
  }),
  main('e2-role-impersonate', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}/serviceaccounts,users,groups:impersonate`,
  }),
  main('e2-role-wildcard', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}*/*:*`,
  }),
  main(
    'e2-role-viewer-plus-secrets',
    2,
    {
      appProject: rbac('Role'),
      kyverno: `${ROLE}/events,secrets:get,list,watch`,
    },
    { operation: 'UPDATE' },
  ),
  main('e2-role-write-certificates', 2, {
    appProject: rbac('Role'),
    kyverno: `${ROLE}cert-manager.io/certificates:create,update,delete`,
  }),
  main('e2-rolebinding-cluster-admin', 2, {
    appProject: rbac('RoleBinding'),
    kyverno: ROLE_REF,
  }),
  main('e2-rolebinding-edit', 2, {
    appProject: rbac('RoleBinding'),
    kyverno: ROLE_REF,
  }),
  main('e2-rolebinding-user', 2, {
    appProject: rbac('RoleBinding'),
    kyverno: `${SUBJECTS}User mallory@example.com`,
  }),
  main('e2-rolebinding-foreign-serviceaccount', 2, {
    appProject: rbac('RoleBinding'),
    kyverno: `${SUBJECTS}ServiceAccount default`,
  }),
  main('e2-rolebinding-other-team', 2, {
    appProject: rbac('RoleBinding'),
    kyverno: `${SUBJECTS}Group team-b`,
  }),
  main('e2-clusterrolebinding', 2, {
    appProject: rbac('ClusterRoleBinding'),
    kyverno: OK,
  }),
  main('e2-certificaterequest-foreign', 2, {
    appProject: ap('cert-manager.io', 'CertificateRequest'),
    kyverno: ACME('CertificateRequest'),
    approver: APPROVER_NONE_APPLICABLE,
  }),
  main('e2-certificaterequest-own-names', 2, {
    appProject: ap('cert-manager.io', 'CertificateRequest'),
    kyverno: ACME('CertificateRequest'),
    approver: APPROVER_NONE_APPLICABLE,
  }),
  main('e2-order', 2, {
    appProject: ap('acme.cert-manager.io', 'Order'),
    kyverno: ACME('Order'),
  }),
  main('e2-challenge', 2, {
    appProject: ap('acme.cert-manager.io', 'Challenge'),
    kyverno: ACME('Challenge'),
  }),
  main('e2-issuer-selfsigned', 2, {
    appProject: ap('cert-manager.io', 'Issuer'),
    kyverno:
      'tenants may not create cert-manager Issuers; use a platform ClusterIssuer',
  }),
  main(
    'e2-secretstore-foreign-role',
    2,
    { appProject: ap('external-secrets.io', 'SecretStore'), kyverno: STORE },
    { operation: 'UPDATE' },
  ),
  main(
    'e2-secretstore-token-auth',
    2,
    { appProject: ap('external-secrets.io', 'SecretStore'), kyverno: STORE },
    { operation: 'UPDATE' },
  ),
  main('e2-externalsecret-clusterstore', 2, {
    appProject: ap('external-secrets.io', 'ExternalSecret'),
    kyverno:
      'ExternalSecrets in a tenant namespace may only reference a SecretStore, never a ClusterSecretStore',
  }),
  main('e2-pushsecret-foreign-key', 2, {
    repository: OK,
    kyverno:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
  }),
  main('e2-pushsecret-clusterstore', 2, {
    repository: OK,
    kyverno:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
  }),
  // 3. The tenant Namespace's security labels
  ...[
    ['e3-namespace-drop-pod-security', PSS],
    ['e3-namespace-privileged', PSS],
    ['e3-namespace-pin-old-version', PSS],
    ['e3-namespace-drop-team-label', TEAM_LABEL],
    ['e3-namespace-relabel-team-b', TEAM_LABEL],
  ].map(([id, message]) =>
    main(
      id,
      3,
      { appProject: ap('', 'Namespace'), kyverno: message },
      { operation: 'UPDATE' },
    ),
  ),
  main('e3-namespace-new', 3, { appProject: ap('', 'Namespace') }),
  // 4. Nested zones (three deep) and IDN twins
  cert(
    'e4-parent-reaches-child-zone',
    'nested',
    'team-a',
    owns('team-a', 'x.dev.example.com'),
    grant('x.dev.example.com', 'team-a'),
  ),
  cert(
    'e4-parent-wildcard-covers-child-apex',
    'nested',
    'team-a',
    owns('team-a', '*.example.com'),
    grant('*.example.com', 'team-a'),
  ),
  cert(
    'e4-parent-takes-child-apex',
    'nested',
    'team-a',
    owns('team-a', 'dev.example.com'),
    grant('dev.example.com', 'team-a'),
  ),
  cert(
    'e4-middle-reaches-deepest-zone',
    'nested',
    'team-b',
    owns('team-b', 'y.eu.west.dev.example.com'),
    grant('y.eu.west.dev.example.com', 'team-b'),
  ),
  cert(
    'e4-middle-takes-deepest-apex',
    'nested',
    'team-b',
    owns('team-b', 'eu.west.dev.example.com'),
    grant('eu.west.dev.example.com', 'team-b'),
  ),
  cert(
    'e4-middle-wildcard-covers-deepest-apex',
    'nested',
    'team-b',
    owns('team-b', '*.west.dev.example.com'),
    grant('*.west.dev.example.com', 'team-b'),
  ),
  cert(
    'e4-deepest-reaches-up',
    'nested',
    'team-c',
    owns('team-c', 'west.dev.example.com'),
    grant('west.dev.example.com', 'team-c'),
  ),
  cert(
    'e4-team-named-like-child-zone',
    'nested',
    'dev',
    owns('dev', 'x.dev.example.net, dev.example.net'),
    'spec.allowed.dnsNames.validations: "x.dev.example.net": must lie inside the DNS grants of team dev',
  ),
  cert(
    'e4-idn-ascii-twin',
    'idn',
    'team-a',
    owns('team-a', 'bucher.example.com'),
    'spec.allowed.dnsNames.values: Invalid value: "bucher.example.com"',
  ),
  cert(
    'e4-idn-punycode-twin',
    'idn',
    'team-b',
    owns('team-b', 'xn--bcher-kva.example.com'),
    'spec.allowed.dnsNames.values: Invalid value: "xn--bcher-kva.example.com"',
  ),
  cert(
    'e4-idn-unicode-form',
    'idn',
    'team-a',
    'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    'spec.allowed.dnsNames.validations: "bücher.example.com": must be a lowercase DNS name with no trailing dot',
  ),
  cert(
    'e4-idn-wildcard-twin',
    'idn',
    'team-b',
    owns('team-b', '*.xn--bcher-kva.example.com'),
    'spec.allowed.dnsNames.values: Invalid value: "*.xn--bcher-kva.example.com"',
  ),
  cert(
    'e4-foreign-team-subdomain',
    'main',
    'team-a',
    owns('team-a', 'team-b.example.com'),
    grant('team-b.example.com', 'team-a'),
  ),
  // 5. A Certificate dropped over another team's (names are per namespace; the request API keeps names injective)
  {
    id: 'e5-certificate-in-other-namespace',
    escape: 5,
    platform: 'main',
    team: 'team-a',
    expect: {
      repository:
        'tenants/team-a/certificates/shop-example-com/certificate.yaml: metadata.namespace must be team-a, found team-b',
      appProject:
        "namespace team-b is not permitted in project 'tenant-team-a'",
      kyverno: owns('team-b', 'shop.example.com'),
      approver: grant('shop.example.com', 'team-b'),
      quota: OK,
    },
  },
  // 6. The shared ACME account's rate limits
  {
    id: 'e6-certificate-over-quota',
    escape: 6,
    platform: 'main',
    team: 'team-a',
    existingCertificates: 25,
    expect: {
      repository: OK,
      appProject: OK,
      kyverno: OK,
      approver: OK,
      quota:
        'exceeded quota: tenant-quota, requested: count/certificates.cert-manager.io=1, used: count/certificates.cert-manager.io=25, limited: count/certificates.cert-manager.io=25',
    },
  },
  {
    id: 'e6-renewal-storm',
    escape: 6,
    platform: 'main',
    team: 'team-a',
    expect: {
      repository: OK,
      appProject: OK,
      kyverno:
        "spec.duration and spec.renewBefore are the platform's (2160h, 720h); a shorter lifetime renews often enough to exhaust the shared ACME account's rate limits",
      approver:
        'spec.constraints.minDuration: Invalid value: 3600s: must be at least 2160h',
      quota: OK,
    },
  },
  main(
    'e6-raise-quota',
    6,
    {
      appProject: ap('', 'ResourceQuota'),
      kyverno:
        'the ResourceQuota tenant-quota must keep count/certificates.cert-manager.io: "25"',
    },
    { operation: 'UPDATE' },
  ),
  main('e6-extra-quota', 6, { appProject: ap('', 'ResourceQuota') }),
  // 7. Files Argo CD's repo-server reads besides manifests (reposerver/repository/repository.go)
  repoOnly(
    'e7-argocd-source-kustomize',
    '.argocd-source.yaml',
    repoNotAllowed('.argocd-source.yaml', 'an Argo CD source override'),
  ),
  repoOnly(
    'e7-argocd-source-app-plugin',
    '.argocd-source-tenant-team-a.yaml',
    repoNotAllowed(
      '.argocd-source-tenant-team-a.yaml',
      'an Argo CD source override',
    ),
  ),
  repoOnly(
    'e7-argocd-source-helm',
    'certificates/.argocd-source.yaml',
    repoNotAllowed(
      'certificates/.argocd-source.yaml',
      'an Argo CD source override',
    ),
  ),
  repoOnly(
    'e7-kustomization-remote-base',
    'kustomization.yaml',
    repoNotAllowed('kustomization.yaml', 'a Kustomize file'),
  ),
  repoOnly(
    'e7-helm-chart',
    'Chart.yaml',
    repoNotAllowed('Chart.yaml', 'a Helm chart file'),
  ),
  {
    id: 'e7-jsonnet-certificate',
    escape: 7,
    platform: 'main',
    team: 'team-a',
    committedAs: 'certificates/shop-example-com/certificate.jsonnet',
    expect: {
      repository: repoNotAllowed(
        'certificates/shop-example-com/certificate.jsonnet',
        'Jsonnet',
      ),
      appProject: OK,
      kyverno: OK,
      approver: OK,
      quota: OK,
    },
  },
  repoOnly(
    'e7-symlink-to-other-team',
    'certificates/shop-example-com/certificate.yaml',
    'tenants/team-a/certificates/shop-example-com/certificate.yaml: must be a regular file (git mode 100644), not a symbolic link',
    { mode: '120000' },
  ),
  main(
    'e7-secret-as-certificate',
    7,
    {
      repository:
        'tenants/team-a/certificates/shop-example-com/certificate.yaml: must be a Certificate (apiVersion cert-manager.io/v1), found Secret (v1)',
      appProject: ap('', 'Secret'),
    },
    { committedAs: 'certificates/shop-example-com/certificate.yaml' },
  ),
  // 8. The Secret a PushSecret pushes, and the Secret a Certificate writes
  ...[
    'e8-pushsecret-cluster-generator',
    'e8-pushsecret-namespaced-generator',
    'e8-pushsecret-label-selector',
    'e8-pushsecret-other-secret',
  ].map(id => main(id, 8, { repository: OK, kyverno: SELECTOR })),
  ownCert('e8-certificate-secretname-foreign', 8, {
    kyverno:
      'spec.secretName must be the Certificate\'s name followed by "-tls" (the Secret its PushSecret may copy)',
  }),
  // 9. The shared ACME budget: a rename in place is a new order the quota never counts
  ...['e9-rename-dnsnames', 'e9-add-name'].map(id =>
    ownCert(
      id,
      9,
      {
        kyverno:
          'spec.dnsNames cannot change on an existing Certificate: request a new certificate (it counts against the quota) and delete the old one',
      },
      { operation: 'UPDATE', oldRequest: SHOP_REQUEST },
    ),
  ),
  // 10. Second walls: refused by Kyverno as well as by approver-policy or cert-manager's webhook
  ownCert('e10-usage-client-auth', 10, {
    kyverno:
      'spec.usages may only contain digital signature, key encipherment, server auth (no client auth, cert sign or crl sign)',
    approver: 'spec.allowed.usages: Invalid value: "client auth"',
  }),
  ownCert('e10-usage-cert-sign', 10, {
    kyverno:
      'spec.usages may only contain digital signature, key encipherment, server auth (no client auth, cert sign or crl sign)',
    approver: 'spec.allowed.usages: Invalid value: "cert sign"',
  }),
  ownCert('e10-subject-organizations', 10, {
    kyverno:
      'spec.subject is not allowed: a certificate names DNS names only (no organizations or other subject fields)',
    approver: 'spec.allowed.subject.organizations: Invalid value',
  }),
  ownCert('e10-rsa-1024', 10, {
    kyverno:
      "spec.privateKey must be one of the platform's key types (ECDSA 256, ECDSA 384, RSA 2048, RSA 3072, RSA 4096); RSA under 2048 bits is never allowed",
  }),
];
