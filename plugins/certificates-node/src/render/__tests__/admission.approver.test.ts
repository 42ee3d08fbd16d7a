import { load } from 'js-yaml';
import {
  createPlatformModel,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '..';
import {
  certManagerServiceAccount,
  renderApproverPolicyFiles,
} from '../admission';
import {
  approverRulesAllow,
  collectCelExpressions,
  evaluatedExpressions,
} from '../admission/__testUtils__/celEvaluator';
import { globMatches } from '../admission/__testUtils__/layers';
import { validRequestBodies } from '../admission/__testUtils__/requests';
import {
  createTestPlatform,
  resolveOrThrow,
  testPlatformConfig,
} from '../../testing/platforms';

const platform = createTestPlatform();
const twins = createPlatformModel({
  ...testPlatformConfig(),
  teams: [{ name: 'team-a' }, { name: 'team-ab' }, { name: 'team' }],
});

const docsOf = (p: PlatformModel) =>
  renderApproverPolicyFiles(p).map(f => load(f.content) as any);
const policiesOf = (p: PlatformModel, team: string) =>
  docsOf(p).filter(
    d =>
      d.kind === 'CertificateRequestPolicy' &&
      d.spec.selector.namespace.matchNames[0] === team,
  );

/** What the policy decides for one requested DNS name: a `values` glob and every CEL rule must allow it. */
function approves(policy: any, name: string): boolean {
  const dns = policy.spec.allowed.dnsNames;
  const ns = policy.spec.selector.namespace.matchNames[0];
  return (
    dns.values.some((g: string) => globMatches(g, name)) &&
    approverRulesAllow(dns.validations, name, { namespace: ns, name: 'cr' })
  );
}

const ATTACK_NAMES: Record<string, string[]> = {
  'team-a': [
    'team-b.example.com',
    'api.team-b.example.com',
    '*.example.com',
    '*.com',
    'example.com',
    'example.org',
    'Api.team-a.example.com',
    'api.team-a.example.com.',
    'api.*.team-a.example.com',
    'w*.team-a.example.com',
    '*.*.team-a.example.com',
    '*',
    '*.team-a.example.org',
    'evilteam-a.example.com',
    'team-a.example.com.evil.net',
    '_acme.team-a.example.com',
    'api..team-a.example.com',
    `${'a'.repeat(64)}.team-a.example.com`,
    'no.example.com',
    'x.evil-shop.example.com',
    'shop.example.com.evil.net',
  ],
  'team-b': [
    '*.example.org',
    'x.example.org',
    'team-a.example.com',
    '*.team-b.example.org',
    'www.example.org',
  ],
  no: ['team-a.example.com', 'no.example.org.evil.com', '*.no.example.org'],
};
const TWIN_ATTACKS: Record<string, string[]> = {
  'team-a': [
    'team-ab.example.com',
    '*.team-ab.example.com',
    'x.team-ab.example.org',
    'team.example.com',
  ],
  'team-ab': [
    'team-a.example.com',
    'x.team-a.example.com',
    '*.team-a.example.com',
  ],
  team: ['team-a.example.com', 'team-ab.example.com', 'x.team-a.example.org'],
};

describe('approver-policy CertificateRequestPolicies (CEL rules evaluated with @bufbuild/cel, `self` = each name)', () => {
  it('renders one policy per team and platform issuer, never CA, selecting the team namespace and the ClusterIssuer', () => {
    for (const team of platform.teamNames()) {
      const policies = policiesOf(platform, team);
      expect(policies.map(p => p.spec.selector.issuerRef)).toEqual(
        platform.issuers.map(i => ({
          name: i.name,
          kind: 'ClusterIssuer',
          group: 'cert-manager.io',
        })),
      );
      for (const p of policies) {
        expect(p.spec.allowed.isCA).toBe(false);
        expect(p.spec.selector.namespace).toEqual({ matchNames: [team] });
        expect(p.spec.allowed.dnsNames.required).toBe(true);
        expect(p.spec.allowed.dnsNames.validations.length).toBeGreaterThan(0);
        for (const field of [
          'ipAddresses',
          'uris',
          'emailAddresses',
          'otherNames',
        ])
          expect(p.spec.allowed[field]).toBeUndefined();
      }
    }
  });

  it('binds `use` of exactly these policies to the cert-manager ServiceAccount', () => {
    const docs = docsOf(platform);
    const names = docs
      .filter(d => d.kind === 'CertificateRequestPolicy')
      .map(d => d.metadata.name);
    const role = docs.find(d => d.kind === 'ClusterRole');
    const binding = docs.find(d => d.kind === 'ClusterRoleBinding');
    expect(role.rules).toEqual([
      {
        apiGroups: ['policy.cert-manager.io'],
        resources: ['certificaterequestpolicies'],
        verbs: ['use'],
        resourceNames: names,
      },
    ]);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', ...certManagerServiceAccount(platform) },
    ]);
  });

  it('approves every DNS name of every valid request, under every issuer policy of the team', () => {
    let checked = 0;
    for (const p of [platform, twins]) {
      for (const body of validRequestBodies(p)) {
        const resolved = resolveOrThrow(body, p);
        const cert = renderRequestFiles(resolved, p)
          .map(f => load(f.content) as any)
          .find(d => d?.kind === 'Certificate');
        for (const policy of policiesOf(p, resolved.request.team)) {
          for (const name of cert.spec.dnsNames) {
            if (!approves(policy, name))
              throw new Error(`${policy.metadata.name} refuses ${name}`);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('refuses every attack name (exact matching where the glob is too wide)', () => {
    const approved: string[] = [];
    let count = 0;
    for (const [p, attacks] of [
      [platform, ATTACK_NAMES],
      [twins, TWIN_ATTACKS],
    ] as const) {
      for (const [team, names] of Object.entries(attacks)) {
        for (const policy of policiesOf(p, team)) {
          for (const name of names) {
            count++;
            if (
              approverRulesAllow(policy.spec.allowed.dnsNames.validations, name)
            )
              approved.push(`${policy.metadata.name}: ${name}`);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(60);
    expect(approved).toEqual([]);
    // the glob alone would have let these through: the CEL rules are what holds
    const shop = policiesOf(platform, 'team-a')[0];
    for (const name of [
      'api.*.team-a.example.com',
      '*.*.team-a.example.com',
      '_acme.team-a.example.com',
      'w*.team-a.example.com',
    ]) {
      expect(
        shop.spec.allowed.dnsNames.values.some((g: string) =>
          globMatches(g, name),
        ),
      ).toBe(true);
      expect(approves(shop, name)).toBe(false);
    }
  });

  it('applies the same rules to a commonName', () => {
    const policy = policiesOf(platform, 'team-a')[0];
    expect(
      approverRulesAllow(
        policy.spec.allowed.commonName.validations,
        'api.shop.example.com',
      ),
    ).toBe(true);
    expect(
      approverRulesAllow(
        policy.spec.allowed.commonName.validations,
        'team-b.example.com',
      ),
    ).toBe(false);
  });

  it('evaluated every rendered rule', () => {
    const rules = [...docsOf(platform), ...docsOf(twins)].flatMap(
      collectCelExpressions,
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter(r => !evaluatedExpressions.has(r))).toEqual([]);
  });
});
