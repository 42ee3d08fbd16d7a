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
  expect?: RegExp;
};

/** Hand-edited-PR attacks: every one must be denied. */
const ATTACKS: Attack[] = [
  // Certificates: names
  {
    name: "another team's subdomain",
    doc: withNames(['team-b.example.com']),
    expect: /does not own: team-b\.example\.com/,
  },
  {
    name: "a name below another team's subdomain",
    doc: withNames(['api.team-b.example.com']),
  },
  { name: 'the parent-zone wildcard', doc: withNames(['*.example.com']) },
  { name: 'a wildcard on a public suffix', doc: withNames(['*.com']) },
  {
    name: 'the zone apex the team does not own',
    doc: withNames(['example.com']),
  },
  { name: "another team's apex", doc: withNames(['example.org']) },
  { name: 'mixed case', doc: withNames(['Api.team-a.example.com']) },
  { name: 'all upper case', doc: withNames(['TEAM-A.EXAMPLE.COM']) },
  { name: 'a trailing dot', doc: withNames(['api.team-a.example.com.']) },
  {
    name: "a second SAN that sneaks in another team's name",
    doc: withNames(['api.team-a.example.com', 'no.example.com']),
    expect: /does not own: no\.example\.com$/,
  },
  {
    name: 'a wildcard in a middle label',
    doc: withNames(['api.*.team-a.example.com']),
  },
  {
    name: 'a partial wildcard w*.x',
    doc: withNames(['w*.team-a.example.com']),
  },
  { name: 'a double wildcard', doc: withNames(['*.*.team-a.example.com']) },
  { name: 'a bare *', doc: withNames(['*']) },
  {
    name: 'a wildcard where the grant has no wildcard right',
    doc: withNames(['*.team-a.example.org']),
  },
  {
    name: 'a look-alike suffix (evilteam-a.example.com)',
    doc: withNames(['evilteam-a.example.com']),
  },
  {
    name: 'the team subdomain under a foreign domain',
    doc: withNames(['team-a.example.com.evil.net']),
  },
  { name: 'an underscore label', doc: withNames(['_acme.team-a.example.com']) },
  { name: 'a non-ASCII label', doc: withNames(['tëst.team-a.example.com']) },
  { name: 'an empty label', doc: withNames(['api..team-a.example.com']) },
  {
    name: 'a label starting with a hyphen',
    doc: withNames(['-api.team-a.example.com']),
  },
  {
    name: 'a label longer than 63 characters',
    doc: withNames([`${bigLabel}b.team-a.example.com`]),
  },
  {
    name: 'a name longer than 253 characters',
    doc: withNames([
      `${[bigLabel, bigLabel, bigLabel, bigLabel].join(
        '.',
      )}.team-a.example.com`,
    ]),
  },
  { name: 'an IPv4 address as a DNS name', doc: withNames(['192.0.2.1']) },
  {
    name: 'no dnsNames (commonName only)',
    doc: withSpec({
      dnsNames: undefined,
      commonName: 'api.team-a.example.com',
    }),
  },
  // Certificates: other SAN types and fields
  {
    name: 'a commonName outside dnsNames',
    doc: withSpec({ commonName: 'team-b.example.com' }),
  },
  {
    name: 'a literalSubject',
    doc: withSpec({ literalSubject: 'CN=team-b.example.com' }),
  },
  { name: 'isCA: true', doc: withSpec({ isCA: true }) },
  { name: 'an IP SAN', doc: withSpec({ ipAddresses: ['10.0.0.1'] }) },
  {
    name: 'a URI SAN',
    doc: withSpec({ uris: ['spiffe://cluster.local/ns/team-b/sa/default'] }),
  },
  {
    name: 'an email SAN',
    doc: withSpec({ emailAddresses: ['admin@example.com'] }),
  },
  {
    name: 'an otherName SAN',
    doc: withSpec({
      otherNames: [
        { oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'x@example.com' },
      ],
    }),
  },
  // Certificates: issuers
  {
    name: 'an unknown ClusterIssuer',
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
    doc: withSpec({ issuerRef: { name: 'letsencrypt-prod' } }),
  },
  {
    name: 'issuerRef of an external issuer group',
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
    doc: withNames(['team-b.example.com']),
    operation: 'UPDATE',
  },
  {
    name: "team-a's names from namespace no",
    doc: inNamespace(withNames(['api.shop.example.com']), 'no'),
  },
  {
    name: 'team-b wildcarding its apex without the right',
    doc: inNamespace(withNames(['*.example.org']), 'team-b'),
  },
  // Prefix twins, both directions
  {
    name: 'twin: team-a names team-ab.example.com',
    doc: withNames(['team-ab.example.com'], find(twinA, 'Certificate')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-a names *.team-ab.example.com',
    doc: withNames(['*.team-ab.example.com'], find(twinA, 'Certificate')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-ab names team-a.example.com',
    doc: withNames(['team-a.example.com'], find(twinAB, 'Certificate')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team names x.team-a.example.com',
    doc: inNamespace(
      withNames(['x.team-a.example.com'], find(twinA, 'Certificate')),
      'team',
    ),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-a pushes to certs/team-ab/',
    doc: withKeys(['certs/team-ab/x'], find(twinA, 'PushSecret')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team-ab pushes to certs/team-a/',
    doc: withKeys(['certs/team-a/x'], find(twinAB, 'PushSecret')),
    policies: TWIN_POLICIES,
  },
  {
    name: 'twin: team pushes to certs/team-a/',
    doc: inNamespace(
      withKeys(['certs/team-a/x'], find(twinA, 'PushSecret')),
      'team',
    ),
    policies: TWIN_POLICIES,
  },
  // PushSecrets
  {
    name: 'another SecretStore',
    doc: withRefs([{ name: 'other', kind: 'SecretStore' }]),
  },
  {
    name: 'a ClusterSecretStore named vault',
    doc: withRefs([{ name: 'vault', kind: 'ClusterSecretStore' }]),
  },
  {
    name: 'a ClusterSecretStore next to the own store',
    doc: withRefs([
      { name: 'vault', kind: 'SecretStore' },
      { name: 'platform-vault', kind: 'ClusterSecretStore' },
    ]),
  },
  {
    name: 'a labelSelector store ref',
    doc: withRefs([
      {
        kind: 'ClusterSecretStore',
        labelSelector: { matchLabels: { vault: 'true' } },
      },
    ]),
  },
  {
    name: 'a labelSelector next to the name vault',
    doc: withRefs([
      {
        name: 'vault',
        kind: 'SecretStore',
        labelSelector: { matchLabels: { a: 'b' } },
      },
    ]),
  },
  { name: 'no store ref at all', doc: withRefs([]) },
  {
    name: 'remoteKey climbing out with ../',
    doc: withKeys(['certs/team-a/../team-b/api']),
    expect: /remoteKey must start with certs\/team-a\//,
  },
  {
    name: "remoteKey with another team's prefix",
    doc: withKeys(['certs/team-b/api']),
  },
  { name: 'remoteKey with a leading /', doc: withKeys(['/certs/team-a/api']) },
  { name: 'remoteKey with //', doc: withKeys(['certs/team-a//api']) },
  {
    name: 'remoteKey equal to the bare prefix',
    doc: withKeys(['certs/team-a/']),
  },
  {
    name: 'remoteKey percent-encoded ..',
    doc: withKeys(['certs/team-a/%2e%2e/team-b/api']),
  },
  { name: 'remoteKey outside certs/', doc: withKeys(['sys/policy/admin']) },
  {
    name: 'a second key that escapes',
    doc: withKeys(['certs/team-a/api', 'certs/team-b/api']),
  },
  {
    name: 'dataTo pushing everything',
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
    doc: doc('cert-manager.io/v1', 'Issuer', 'team-a', 'self-signed', {
      spec: { selfSigned: {} },
    }),
  },
  {
    name: 'an Issuer UPDATE',
    doc: doc('cert-manager.io/v1', 'Issuer', 'team-a', 'self-signed', {
      spec: { selfSigned: {} },
    }),
    operation: 'UPDATE',
  },
  {
    name: 'a second SecretStore',
    doc: (() => {
      const s = find(bundleA, 'SecretStore');
      s.metadata.name = 'vault-admin';
      return s;
    })(),
  },
  {
    name: 'an ExternalSecret from a ClusterSecretStore',
    doc: externalSecret({
      secretStoreRef: { name: 'platform', kind: 'ClusterSecretStore' },
    }),
  },
  {
    name: 'an ExternalSecret with data[].sourceRef to a ClusterSecretStore',
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
    doc: roleBinding('ClusterRole', 'cluster-admin'),
  },
  { name: 'a RoleBinding to admin', doc: roleBinding('ClusterRole', 'admin') },
  {
    name: 'a RoleBinding to edit in namespace no',
    doc: roleBinding('ClusterRole', 'edit', 'no'),
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
    expect(files.map(f => f.path)).toEqual([
      'platform/admission/kyverno/certificates-tenant-certificates.yaml',
      'platform/admission/kyverno/certificates-tenant-externalsecrets.yaml',
      'platform/admission/kyverno/certificates-tenant-no-issuers.yaml',
      'platform/admission/kyverno/certificates-tenant-pushsecrets.yaml',
      'platform/admission/kyverno/certificates-tenant-rolebindings.yaml',
      'platform/admission/kyverno/certificates-tenant-secretstores.yaml',
    ]);
    for (const p of POLICIES) {
      expect(p.apiVersion).toBe(KYVERNO_POLICY_API_VERSION);
      expect(p.spec.validationActions).toEqual(['Deny']);
      expect(p.spec.failurePolicy).toBe('Fail');
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
      const messages = decision.failures.map(f => f.message).join('\n');
      if (attack.expect && !attack.expect.test(messages))
        wrongMessage.push(`${attack.name}: ${messages}`);
      // a denial is a validation returning false, not an evaluation error
      if (messages.includes('evaluation error'))
        wrongMessage.push(`${attack.name}: ${messages}`);
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
      expect(cluster).toEqual(['Namespace']);
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
