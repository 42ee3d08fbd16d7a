import { load } from 'js-yaml';
import {
  createPlatformModel,
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles, renderRequestFiles } from '..';
import { renderAdmissionFiles, KYVERNO_POLICY_API_VERSION } from '../admission';
import {
  admissionRequestFor,
  admit,
  collectCelExpressions,
  evaluateCel,
  evaluatedExpressions,
  labelSelectorMatches,
} from '../admission/__testUtils__/celEvaluator';
import { validRequestBodies } from '../admission/__testUtils__/requests';
import { createManifestValidator } from '../../validation';
import {
  createTestPlatform,
  DNS_PROVIDER_VARIANTS,
  resolveOrThrow,
  testPlatformConfig,
} from '../../testing/platforms';

jest.setTimeout(300_000);

const yamlDocs = (files: RenderedFile[]) =>
  files.filter(f => f.path.endsWith('.yaml')).map(f => load(f.content) as any);

const platform = createTestPlatform();
/** Prefix twins: `team-a` and `team-ab` (and a team `team` whose name prefixes both). */
const twins = createPlatformModel({
  ...testPlatformConfig(),
  teams: [{ name: 'team-a' }, { name: 'team-ab' }, { name: 'team' }],
});

const policiesOf = (p: PlatformModel) =>
  yamlDocs(renderAdmissionFiles(p)).filter(d => d.kind === 'ValidatingPolicy');
const POLICIES = policiesOf(platform);
const TWIN_POLICIES = policiesOf(twins);

function validBundle(p: PlatformModel, body: Record<string, unknown>) {
  return yamlDocs(renderRequestFiles(resolveOrThrow(body, p), p));
}

const baseBody = {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'api.shop',
  issuer: 'letsencrypt-prod',
  additionalNames: ['*.team-a.example.com', 'www.team-a.example.com'],
};
const bundleA = validBundle(platform, baseBody);
const find = (docs: any[], kind: string) =>
  structuredClone(docs.find(d => d.kind === kind));
const certA = () => find(bundleA, 'Certificate');
const pushA = () => find(bundleA, 'PushSecret');
const twinA = validBundle(twins, {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'api.team-a',
  issuer: 'letsencrypt-prod',
});
const twinAB = validBundle(twins, {
  team: 'team-ab',
  domain: 'example.com',
  subdomain: 'api.team-ab',
  issuer: 'letsencrypt-prod',
});

const withNames = (names: string[], cert = certA()) => {
  cert.spec.dnsNames = names;
  return cert;
};
const withSpec = (patch: Record<string, unknown>, cert = certA()) => {
  Object.assign(cert.spec, patch);
  return cert;
};
const inNamespace = (doc: any, ns: string) => {
  doc.metadata.namespace = ns;
  return doc;
};
const withKeys = (keys: string[], push = pushA()) => {
  push.spec.data = keys.map(k => ({
    match: {
      secretKey: 'tls.crt',
      remoteRef: { remoteKey: k, property: 'tls.crt' },
    },
  }));
  return push;
};
const withRefs = (refs: unknown[], push = pushA()) => {
  push.spec.secretStoreRefs = refs;
  return push;
};
const bigLabel = 'a'.repeat(63);
const doc = (
  apiVersion: string,
  kind: string,
  ns: string,
  name: string,
  extra: Record<string, unknown>,
) => ({
  apiVersion,
  kind,
  metadata: { name, namespace: ns },
  ...extra,
});
const externalSecret = (spec: Record<string, unknown>) =>
  doc('external-secrets.io/v1', 'ExternalSecret', 'team-a', 'steal', {
    spec: { target: { name: 'x' }, ...spec },
  });
const roleBinding = (kind: string, name: string, ns = 'team-a') =>
  doc('rbac.authorization.k8s.io/v1', 'RoleBinding', ns, 'escalate', {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a' },
    ],
  });

type Attack = {
  name: string;
  doc: any;
  policies?: any[];
  operation?: 'CREATE' | 'UPDATE';
  /** The message (exactly) of the validation that must refuse it. */
  message: string;
};

/** Hand-edited-PR attacks: every one must be denied. */
const ATTACKS: Attack[] = [
  // Certificates: names
  {
    name: "another team's subdomain",
    message: 'team team-a does not own: team-b.example.com',
    doc: withNames(['team-b.example.com']),
  },
  {
    name: "a name below another team's subdomain",
    message: 'team team-a does not own: api.team-b.example.com',
    doc: withNames(['api.team-b.example.com']),
  },
  {
    name: 'the parent-zone wildcard',
    message: 'team team-a does not own: *.example.com',
    doc: withNames(['*.example.com']),
  },
  {
    name: 'a wildcard on a public suffix',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['*.com']),
  },
  {
    name: 'the zone apex the team does not own',
    message: 'team team-a does not own: example.com',
    doc: withNames(['example.com']),
  },
  {
    name: "another team's apex",
    message: 'team team-a does not own: example.org',
    doc: withNames(['example.org']),
  },
  {
    name: 'mixed case',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['Api.team-a.example.com']),
  },
  {
    name: 'all upper case',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['TEAM-A.EXAMPLE.COM']),
  },
  {
    name: 'a trailing dot',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['api.team-a.example.com.']),
  },
  {
    name: "a second SAN that sneaks in another team's name",
    message: 'team team-a does not own: no.example.com',
    doc: withNames(['api.team-a.example.com', 'no.example.com']),
  },
  {
    name: 'a wildcard in a middle label',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['api.*.team-a.example.com']),
  },
  {
    name: 'a partial wildcard w*.x',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['w*.team-a.example.com']),
  },
  {
    name: 'a double wildcard',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['*.*.team-a.example.com']),
  },
  {
    name: 'a bare *',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['*']),
  },
  {
    name: 'a wildcard where the grant has no wildcard right',
    message: 'team team-a does not own: *.team-a.example.org',
    doc: withNames(['*.team-a.example.org']),
  },
  {
    name: 'a look-alike suffix (evilteam-a.example.com)',
    message: 'team team-a does not own: evilteam-a.example.com',
    doc: withNames(['evilteam-a.example.com']),
  },
  {
    name: 'the team subdomain under a foreign domain',
    message: 'team team-a does not own: team-a.example.com.evil.net',
    doc: withNames(['team-a.example.com.evil.net']),
  },
  {
    name: 'an underscore label',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['_acme.team-a.example.com']),
  },
  {
    name: 'a non-ASCII label',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['tëst.team-a.example.com']),
  },
  {
    name: 'an empty label',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['api..team-a.example.com']),
  },
  {
    name: 'a label starting with a hyphen',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames(['-api.team-a.example.com']),
  },
  {
    name: 'a label longer than 63 characters',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames([`${bigLabel}b.team-a.example.com`]),
  },
  {
    name: 'a name longer than 253 characters',
    message:
      'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
    doc: withNames([
      `${[bigLabel, bigLabel, bigLabel, bigLabel].join(
        '.',
      )}.team-a.example.com`,
    ]),
  },
  {
    name: 'an IPv4 address as a DNS name',
    message: 'team team-a does not own: 192.0.2.1',
    doc: withNames(['192.0.2.1']),
  },
  {
    name: 'no dnsNames (commonName only)',
    message: 'a Certificate must list its names in spec.dnsNames',
    doc: withSpec({
      dnsNames: undefined,
      commonName: 'api.team-a.example.com',
    }),
  },
  // Certificates: other SAN types and fields
  {
    name: 'a commonName outside dnsNames',
    message: 'spec.commonName must be absent or one of spec.dnsNames',
    doc: withSpec({ commonName: 'team-b.example.com' }),
  },
  {
    name: 'a literalSubject',
    message:
      'spec.literalSubject is not allowed (it would bypass the commonName check)',
    doc: withSpec({ literalSubject: 'CN=team-b.example.com' }),
  },
  {
    name: 'isCA: true',
    message: 'tenants may not request CA certificates (spec.isCA)',
    doc: withSpec({ isCA: true }),
  },
  {
    name: 'an IP SAN',
    message:
      'only DNS names are allowed: spec.ipAddresses, spec.uris, spec.emailAddresses and spec.otherNames must be empty',
    doc: withSpec({ ipAddresses: ['10.0.0.1'] }),
  },
  {
    name: 'a URI SAN',
    message:
      'only DNS names are allowed: spec.ipAddresses, spec.uris, spec.emailAddresses and spec.otherNames must be empty',
    doc: withSpec({ uris: ['spiffe://cluster.local/ns/team-b/sa/default'] }),
  },
  {
    name: 'an email SAN',
    message:
      'only DNS names are allowed: spec.ipAddresses, spec.uris, spec.emailAddresses and spec.otherNames must be empty',
    doc: withSpec({ emailAddresses: ['admin@example.com'] }),
  },
  {
    name: 'an otherName SAN',
    message:
      'only DNS names are allowed: spec.ipAddresses, spec.uris, spec.emailAddresses and spec.otherNames must be empty',
    doc: withSpec({
      otherNames: [
        { oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'x@example.com' },
      ],
    }),
  },
  // Certificates: issuers
  {
    name: 'an unknown ClusterIssuer',
    message:
      'spec.issuerRef must be a platform ClusterIssuer (kind ClusterIssuer, group cert-manager.io, one of: letsencrypt-staging, letsencrypt-prod)',
    doc: withSpec({
      issuerRef: {
        name: 'internal-ca',
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
    }),
  },
  {
    name: 'issuerRef kind Issuer',
    message:
      'spec.issuerRef must be a platform ClusterIssuer (kind ClusterIssuer, group cert-manager.io, one of: letsencrypt-staging, letsencrypt-prod)',
    doc: withSpec({
      issuerRef: {
        name: 'letsencrypt-prod',
        kind: 'Issuer',
        group: 'cert-manager.io',
      },
    }),
  },
  {
    name: 'issuerRef without kind (defaults to Issuer)',
    message:
      'spec.issuerRef must be a platform ClusterIssuer (kind ClusterIssuer, group cert-manager.io, one of: letsencrypt-staging, letsencrypt-prod)',
    doc: withSpec({ issuerRef: { name: 'letsencrypt-prod' } }),
  },
  {
    name: 'issuerRef of an external issuer group',
    message:
      'spec.issuerRef must be a platform ClusterIssuer (kind ClusterIssuer, group cert-manager.io, one of: letsencrypt-staging, letsencrypt-prod)',
    doc: withSpec({
      issuerRef: {
        name: 'letsencrypt-prod',
        kind: 'ClusterIssuer',
        group: 'awspca.cert-manager.io',
      },
    }),
  },
  // Certificates: updates and other namespaces
  {
    name: 'an UPDATE that swaps in a foreign name',
    message: 'team team-a does not own: team-b.example.com',
    doc: withNames(['team-b.example.com']),
    operation: 'UPDATE',
  },
  {
    name: "team-a's names from namespace no",
    message: 'team no does not own: api.shop.example.com',
    doc: inNamespace(withNames(['api.shop.example.com']), 'no'),
  },
  {
    name: 'team-b wildcarding its apex without the right',
    message: 'team team-b does not own: *.example.org',
    doc: inNamespace(withNames(['*.example.org']), 'team-b'),
  },
  // Prefix twins, both directions
  {
    name: 'twin: team-a names team-ab.example.com',
    message: 'team team-a does not own: team-ab.example.com',
    doc: withNames(['team-ab.example.com'], find(twinA, 'Certificate')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-a names *.team-ab.example.com',
    message: 'team team-a does not own: *.team-ab.example.com',
    doc: withNames(['*.team-ab.example.com'], find(twinA, 'Certificate')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-ab names team-a.example.com',
    message: 'team team-ab does not own: team-a.example.com',
    doc: withNames(['team-a.example.com'], find(twinAB, 'Certificate')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team names x.team-a.example.com',
    message: 'team team does not own: x.team-a.example.com',
    doc: inNamespace(
      withNames(['x.team-a.example.com'], find(twinA, 'Certificate')),
      'team',
    ),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-a pushes to certs/team-ab/',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-ab/x'], find(twinA, 'PushSecret')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-ab pushes to certs/team-a/',
    message:
      'remoteKey must start with certs/team-ab/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-a/x'], find(twinAB, 'PushSecret')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team pushes to certs/team-a/',
    message:
      'remoteKey must start with certs/team/ and contain no "..", "//" or leading "/"',
    doc: inNamespace(
      withKeys(['certs/team-a/x'], find(twinA, 'PushSecret')),
      'team',
    ),
    policies: TWIN_POLICIES,
  },
  // PushSecrets
  {
    name: 'another SecretStore',
    message:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
    doc: withRefs([{ name: 'other', kind: 'SecretStore' }]),
  },
  {
    name: 'a ClusterSecretStore named vault',
    message:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
    doc: withRefs([{ name: 'vault', kind: 'ClusterSecretStore' }]),
  },
  {
    name: 'a ClusterSecretStore next to the own store',
    message:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
    doc: withRefs([
      { name: 'vault', kind: 'SecretStore' },
      { name: 'platform-vault', kind: 'ClusterSecretStore' },
    ]),
  },
  {
    name: 'a labelSelector store ref',
    message:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
    doc: withRefs([
      {
        kind: 'ClusterSecretStore',
        labelSelector: { matchLabels: { vault: 'true' } },
      },
    ]),
  },
  {
    name: 'a labelSelector next to the name vault',
    message:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
    doc: withRefs([
      {
        name: 'vault',
        kind: 'SecretStore',
        labelSelector: { matchLabels: { a: 'b' } },
      },
    ]),
  },
  {
    name: 'no store ref at all',
    message:
      'spec.secretStoreRefs may only name the SecretStore "vault" (kind SecretStore, no labelSelector, no ClusterSecretStore)',
    doc: withRefs([]),
  },
  {
    name: 'remoteKey climbing out with ../',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-a/../team-b/api']),
  },
  {
    name: "remoteKey with another team's prefix",
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-b/api']),
  },
  {
    name: 'remoteKey with a leading /',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['/certs/team-a/api']),
  },
  {
    name: 'remoteKey with //',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-a//api']),
  },
  {
    name: 'remoteKey equal to the bare prefix',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-a/']),
  },
  {
    name: 'remoteKey percent-encoded ..',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-a/%2e%2e/team-b/api']),
  },
  {
    name: 'remoteKey outside certs/',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['sys/policy/admin']),
  },
  {
    name: 'a second key that escapes',
    message:
      'remoteKey must start with certs/team-a/ and contain no "..", "//" or leading "/"',
    doc: withKeys(['certs/team-a/api', 'certs/team-b/api']),
  },
  {
    name: 'dataTo pushing everything',
    message: 'spec.dataTo is not allowed; push named keys with spec.data',
    doc: (() => {
      const p = pushA();
      p.spec.dataTo = [
        { storeRef: { name: 'vault' }, remoteKey: 'certs/team-b/all' },
      ];
      return p;
    })(),
  },
  // Forbidden kinds and references
  {
    name: 'an Issuer in the tenant namespace',
    message:
      'tenants may not create cert-manager Issuers; use a platform ClusterIssuer',
    doc: doc('cert-manager.io/v1', 'Issuer', 'team-a', 'self-signed', {
      spec: { selfSigned: {} },
    }),
  },
  {
    name: 'an Issuer UPDATE',
    message:
      'tenants may not create cert-manager Issuers; use a platform ClusterIssuer',
    doc: doc('cert-manager.io/v1', 'Issuer', 'team-a', 'self-signed', {
      spec: { selfSigned: {} },
    }),
    operation: 'UPDATE',
  },
  {
    name: 'a second SecretStore',
    message: 'the only SecretStore allowed in a tenant namespace is "vault"',
    doc: (() => {
      const s = find(bundleA, 'SecretStore');
      s.metadata.name = 'vault-admin';
      return s;
    })(),
  },
  {
    name: 'an ExternalSecret from a ClusterSecretStore',
    message:
      'ExternalSecrets in a tenant namespace may only reference a SecretStore, never a ClusterSecretStore',
    doc: externalSecret({
      secretStoreRef: { name: 'platform', kind: 'ClusterSecretStore' },
    }),
  },
  {
    name: 'an ExternalSecret with data[].sourceRef to a ClusterSecretStore',
    message:
      'ExternalSecrets in a tenant namespace may only reference a SecretStore, never a ClusterSecretStore',
    doc: externalSecret({
      secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      data: [
        {
          secretKey: 'k',
          remoteRef: { key: 'certs/team-b/api' },
          sourceRef: { storeRef: { name: 'p', kind: 'ClusterSecretStore' } },
        },
      ],
    }),
  },
  {
    name: 'an ExternalSecret with dataFrom[].sourceRef to a ClusterSecretStore',
    message:
      'ExternalSecrets in a tenant namespace may only reference a SecretStore, never a ClusterSecretStore',
    doc: externalSecret({
      dataFrom: [
        {
          extract: { key: 'certs/team-b/api' },
          sourceRef: { storeRef: { name: 'p', kind: 'ClusterSecretStore' } },
        },
      ],
    }),
  },
  {
    name: 'a RoleBinding to cluster-admin',
    message:
      'a RoleBinding may only bind the Role certificates-viewer or one of the ClusterRoles: view',
    doc: roleBinding('ClusterRole', 'cluster-admin'),
  },
  {
    name: 'a RoleBinding to admin',
    message:
      'a RoleBinding may only bind the Role certificates-viewer or one of the ClusterRoles: view',
    doc: roleBinding('ClusterRole', 'admin'),
  },
  {
    name: 'a RoleBinding to edit in namespace no',
    message:
      'a RoleBinding may only bind the Role certificates-viewer or one of the ClusterRoles: view',
    doc: roleBinding('ClusterRole', 'edit', 'no'),
  },
  // The policies behind the platform-owned objects (the corpus test covers them file by file)
  {
    name: 'a Role reading secrets',
    doc: doc('rbac.authorization.k8s.io/v1', 'Role', 'team-a', 'r', {
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
    }),
    message:
      'Role rules not allowed in a tenant namespace (only get/list/watch on certificates, certificaterequests, orders, challenges, events): /secrets:get',
  },
  {
    name: 'a RoleBinding to a user',
    doc: {
      ...roleBinding('Role', 'certificates-viewer'),
      subjects: [{ kind: 'User', name: 'mallory' }],
    },
    message: 'subjects other than Group team-a are not allowed: User mallory',
  },
  {
    name: 'a CertificateRequest created by Argo CD',
    doc: doc('cert-manager.io/v1', 'CertificateRequest', 'team-a', 'cr', {
      spec: { request: 'LS0t', issuerRef: { name: 'letsencrypt-prod' } },
    }),
    message:
      'system:serviceaccount:argocd:argocd-application-controller may not write a CertificateRequest; only cert-manager (system:serviceaccount:cert-manager:cert-manager) may: request a Certificate instead',
  },
  {
    name: 'the tenant Namespace without Pod Security',
    doc: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-a',
        labels: { 'certificates.backstage.io/team': 'team-b' },
      },
    },
    message:
      'the Pod Security labels of a tenant namespace are fixed: exactly pod-security.kubernetes.io/enforce=restricted',
  },
  {
    name: 'the tenant quota raised',
    doc: doc('v1', 'ResourceQuota', 'team-a', 'tenant-quota', {
      spec: { hard: { 'count/certificates.cert-manager.io': '9999' } },
    }),
    message:
      'the ResourceQuota tenant-quota must keep count/certificates.cert-manager.io: "25"',
  },
  {
    name: 'a Vault Policy in a tenant namespace',
    doc: doc('redhatcop.redhat.io/v1alpha1', 'Policy', 'team-a', 'p', {
      spec: { policy: 'path "kv/*" {}' },
    }),
    message:
      'Vault policies and auth roles (redhatcop.redhat.io) may not be created in a tenant namespace; the platform manages them in namespace certificates-vault',
  },
  {
    name: "the SecretStore on another team's role",
    doc: (() => {
      const s = find(bundleA, 'SecretStore');
      s.spec.provider.vault.auth.kubernetes.role = 'certs-team-b';
      return s;
    })(),
    message:
      'the SecretStore must use Vault http://vault.vault.svc:8200, KV v2 mount kv and role certs-team-a as ServiceAccount eso-vault',
  },
];

function decide(
  attackOrDoc: any,
  policies = POLICIES,
  operation: 'CREATE' | 'UPDATE' = 'CREATE',
) {
  return admit(
    policies,
    admissionRequestFor(
      attackOrDoc,
      operation,
      operation === 'UPDATE' ? certA() : undefined,
    ),
  );
}

describe('Kyverno ValidatingPolicies (evaluated with @bufbuild/cel)', () => {
  it('renders the policies into the platform bundle, served version v1, Deny, tenant namespaces by name', () => {
    const files = renderPlatformFiles(platform).filter(f =>
      f.path.startsWith('platform/admission/kyverno/'),
    );
    expect(files.map(f => f.path)).toEqual(
      [
        'acme-objects',
        'certificates',
        'externalsecrets',
        'namespaces',
        'no-issuers',
        'no-vault-config',
        'pushsecrets',
        'quota',
        'rolebindings',
        'roles',
        'secretstores',
      ].map(n => `platform/admission/kyverno/certificates-tenant-${n}.yaml`),
    );
    // Namespaces are cluster-scoped: matched by name, never by a label a tenant could drop.
    const namespaces = POLICIES.find(
      p => p.metadata.name === 'certificates-tenant-namespaces',
    );
    expect(namespaces.spec.matchConstraints.namespaceSelector).toBeUndefined();
    expect(
      namespaces.spec.matchConstraints.resourceRules[0].resourceNames,
    ).toEqual(['team-a', 'team-b', 'no']);
    for (const p of POLICIES) {
      expect(p.apiVersion).toBe(KYVERNO_POLICY_API_VERSION);
      expect(p.spec.validationActions).toEqual(['Deny']);
      expect(p.spec.failurePolicy).toBe('Fail');
    }
    for (const p of POLICIES.filter(x => x !== namespaces)) {
      expect(p.spec.matchConstraints.namespaceSelector).toEqual({
        matchExpressions: [
          {
            key: 'kubernetes.io/metadata.name',
            operator: 'In',
            values: ['team-a', 'team-b', 'no'],
          },
        ],
      });
      expect(
        p.spec.validations.every(
          (v: any) => typeof v.message === 'string' && v.message.length > 0,
        ),
      ).toBe(true);
    }
  });

  it('encodes the grants of PlatformModel as a CEL literal', () => {
    const cert = POLICIES.find(
      p => p.metadata.name === 'certificates-tenant-certificates',
    );
    const grants = evaluateCel(cert.spec.variables[0].expression, {});
    expect(grants.ok).toBe(true);
    const a = (grants as any).value.get('team-a');
    const list = (k: string) => [...a.get(k)];
    expect(list('subtree')).toEqual([
      'shop.example.com',
      'team-a.example.com',
      'team-a.example.org',
    ]);
    expect(list('subtreeWildcard')).toEqual([
      'shop.example.com',
      'team-a.example.com',
    ]);
    expect(list('apex')).toEqual([]);
    expect([...(grants as any).value.get('team-b').get('apex')]).toEqual([
      'example.org',
    ]);
  });

  it(`denies all ${ATTACKS.length} attacks in the corpus`, () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(40);
    const allowed: string[] = [];
    const wrongMessage: string[] = [];
    for (const attack of ATTACKS) {
      const decision = decide(attack.doc, attack.policies, attack.operation);
      if (decision.allowed || decision.matchedPolicies.length === 0)
        allowed.push(attack.name);
      const messages = decision.failures.map(f => f.message);
      if (!messages.includes(attack.message))
        wrongMessage.push(`${attack.name}: ${messages.join(' | ')}`);
      // A denial is a validation returning false; an evaluation error fails the test.
      if (decision.errors.length > 0)
        wrongMessage.push(`${attack.name}: ${decision.errors.join(' | ')}`);
    }
    expect(allowed).toEqual([]);
    expect(wrongMessage).toEqual([]);
  });

  it('allows the Certificate, PushSecret and every other namespaced document of every valid request', () => {
    let count = 0;
    for (const p of [
      platform,
      twins,
      ...Object.values(DNS_PROVIDER_VARIANTS)
        .slice(1, 3)
        .map(v => createTestPlatform(v)),
    ]) {
      const policies = policiesOf(p);
      for (const body of validRequestBodies(p)) {
        for (const d of validBundle(p, body)) {
          if (!d.metadata.namespace) continue;
          const decision = decide(d, policies);
          if (!decision.allowed)
            throw new Error(
              `${d.kind} ${d.metadata.namespace}/${
                d.metadata.name
              } denied: ${JSON.stringify(decision.failures)}`,
            );
          if (d.kind === 'Certificate' || d.kind === 'PushSecret') {
            if (decision.matchedPolicies.length !== 1)
              throw new Error(
                `${d.kind} matched ${
                  decision.matchedPolicies.join(', ') || 'no policy'
                }`,
              );
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it('allows what tenants legitimately do: the own SecretStore, RoleBindings to Roles and allowed ClusterRoles, ExternalSecrets from the own store', () => {
    for (const d of [
      find(bundleA, 'SecretStore'),
      roleBinding('Role', 'certificates-viewer'),
      roleBinding('ClusterRole', 'view'),
      externalSecret({
        secretStoreRef: { name: 'vault', kind: 'SecretStore' },
      }),
      externalSecret({ secretStoreRef: { name: 'vault' } }),
    ]) {
      expect(decide(d)).toMatchObject({ allowed: true, failures: [] });
    }
  });

  it('does not apply outside the tenant namespaces', () => {
    const decision = decide(
      inNamespace(withNames(['*.example.com']), 'cert-manager'),
    );
    expect(decision.matchedPolicies).toEqual([]);
    expect(
      labelSelectorMatches(
        POLICIES[0].spec.matchConstraints.namespaceSelector,
        { 'certificates.backstage.io/team': 'team-a' },
      ),
    ).toBe(false);
  });

  it('renders the custom remote key template and allowed ClusterRoles into the CEL', () => {
    const custom = createPlatformModel({
      ...testPlatformConfig(),
      remoteKeyTemplate: 'tls/{team}/{certificate}',
      tenant: { allowedClusterRoles: ['view', 'edit'] },
    });
    const policies = policiesOf(custom);
    const push = validBundle(custom, { ...baseBody, additionalNames: [] }).find(
      d => d.kind === 'PushSecret',
    );
    expect(push.spec.data[0].match.remoteRef.remoteKey).toMatch(
      /^tls\/team-a\//,
    );
    expect(decide(push, policies).allowed).toBe(true);
    expect(
      decide(withKeys(['certs/team-a/x'], structuredClone(push)), policies)
        .allowed,
    ).toBe(false);
    expect(decide(roleBinding('ClusterRole', 'edit'), policies).allowed).toBe(
      true,
    );
    expect(decide(roleBinding('ClusterRole', 'admin'), policies).allowed).toBe(
      false,
    );
  });

  it('evaluated every rendered CEL expression of every policy at least once', () => {
    const missing = [...POLICIES, ...TWIN_POLICIES]
      .flatMap(collectCelExpressions)
      .filter(e => !evaluatedExpressions.has(e));
    expect(missing).toEqual([]);
  });
});

describe('admission files and the tenant AppProject', () => {
  const validator = createManifestValidator();

  it('every admission document validates strictly against its upstream CRD / schema', () => {
    for (const p of [platform, twins]) {
      const files = renderAdmissionFiles(p);
      expect(files.length).toBeGreaterThan(0);
      expect(validator.validateFiles(files)).toEqual([]);
    }
    expect(
      validator.validate({
        ...POLICIES[0],
        apiVersion: 'policies.kyverno.io/v1',
        spec: { ...POLICIES[0].spec, validationAction: ['Deny'] },
      }).valid,
    ).toBe(false);
  });

  it('lives under platform/admission/, out of reach of every tenant Application and AppProject', () => {
    const platformFiles = renderPlatformFiles(platform);
    const admission = yamlDocs(
      platformFiles.filter(f => f.path.startsWith('platform/admission/')),
    );
    expect(new Set(admission.map(d => d.kind))).toEqual(
      new Set([
        'ValidatingPolicy',
        'CertificateRequestPolicy',
        'ClusterRole',
        'ClusterRoleBinding',
      ]),
    );
    const appSet = yamlDocs(platformFiles).find(
      d => d.kind === 'ApplicationSet',
    );
    expect(appSet.spec.generators[0].git.directories).toEqual([
      { path: 'tenants/*' },
    ]);
    for (const team of platform.teamNames()) {
      const body = validRequestBodies(platform).find(b => b.team === team)!;
      const project = validBundle(platform, body).find(
        d => d.kind === 'AppProject',
      );
      const cluster = project.spec.clusterResourceWhitelist.map(
        (k: any) => k.kind,
      );
      const namespaced = project.spec.namespaceResourceWhitelist.map(
        (k: any) => k.kind,
      );
      expect(cluster).toEqual([]);
      expect(namespaced).toEqual(['Certificate', 'PushSecret']);
      for (const kind of [
        'ValidatingPolicy',
        'NamespacedValidatingPolicy',
        'CertificateRequestPolicy',
        'ClusterRole',
        'ClusterRoleBinding',
        'Issuer',
        'ExternalSecret',
        'ClusterSecretStore',
        'PolicyException',
      ]) {
        expect(cluster).not.toContain(kind);
        expect(namespaced).not.toContain(kind);
      }
      expect(project.spec.destinations).toEqual([
        { server: 'https://kubernetes.default.svc', namespace: team },
      ]);
    }
  });
});
