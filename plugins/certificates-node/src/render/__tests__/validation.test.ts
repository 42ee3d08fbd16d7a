import { load } from 'js-yaml';
import { createManifestValidator } from '../../validation';
import {
  createTestPlatform,
  DNS_PROVIDER_VARIANTS,
} from '../../testing/platforms';
import { renderSampleBundles } from '../../testing/bundles';

jest.setTimeout(180_000);

const validator = createManifestValidator();
const EXPECTED_KINDS = [
  'AppProject',
  'Application',
  'ApplicationSet',
  'Certificate',
  'CertificateRequestPolicy',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ConfigMap',
  'KubernetesAuthEngineRole',
  'LimitRange',
  'Namespace',
  'NetworkPolicy',
  'Policy',
  'PrometheusRule',
  'PushSecret',
  'ResourceQuota',
  'Role',
  'RoleBinding',
  'SecretStore',
  'ServiceAccount',
  'ValidatingPolicy',
];

describe('every rendered document validates strictly against the upstream schemas', () => {
  beforeAll(() => validator.warmUp());

  it.each(Object.keys(DNS_PROVIDER_VARIANTS))('DNS provider %s', variant => {
    const platform = createTestPlatform(DNS_PROVIDER_VARIANTS[variant]);
    const files = renderSampleBundles(platform).flat();
    expect(validator.validateFiles(files)).toEqual([]);
    const kinds = new Set(
      files
        .filter(f => f.path.endsWith('.yaml'))
        .map(f => (load(f.content) as any).kind),
    );
    expect([...kinds].sort()).toEqual(EXPECTED_KINDS);
    // every configured zone gets exactly one solver, with this variant's provider in the first zone
    const issuer = load(
      files.find(
        f => f.path === 'platform/cluster-issuers/letsencrypt-prod.yaml',
      )!.content,
    ) as any;
    expect(
      issuer.spec.acme.solvers.map((s: any) => s.selector.dnsZones),
    ).toEqual([['example.com'], ['example.org']]);
    expect(Object.keys(issuer.spec.acme.solvers[0].dns01)).toEqual([
      DNS_PROVIDER_VARIANTS[variant].type,
    ]);
  });
});

describe('the validator is strict', () => {
  const certificate = () => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'x', namespace: 'team-a' },
    spec: {
      secretName: 'x-tls',
      dnsNames: ['a.example.com'],
      issuerRef: { name: 'le', kind: 'ClusterIssuer' },
    },
  });

  it('accepts a minimal valid Certificate', () => {
    expect(validator.validate(certificate())).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('rejects unknown fields in spec and metadata', () => {
    const doc: any = certificate();
    doc.spec.dnsName = ['typo.example.com'];
    doc.metadata.label = { a: 'b' };
    const result = validator.validate(doc);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain(
      '"additionalProperty":"dnsName"',
    );
    expect(result.errors.join('\n')).toContain('"additionalProperty":"label"');
  });

  it('rejects a wrong enum, a wrong type and unknown kinds', () => {
    const doc: any = certificate();
    doc.spec.privateKey = { algorithm: 'DSA', size: '256' };
    expect(validator.validate(doc).errors.length).toBeGreaterThanOrEqual(2);
    expect(
      validator.validate({
        ...certificate(),
        apiVersion: 'cert-manager.io/v1alpha2',
      }).errors[0],
    ).toContain('no schema');
    expect(validator.validate('text').valid).toBe(false);
  });

  it('rejects built-in kinds with unknown fields (NetworkPolicy.spec.policyType)', () => {
    const result = validator.validate({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'x' },
      spec: { podSelector: {}, policyType: ['Ingress'] },
    });
    expect(result.errors).toContain(
      '/spec must NOT have additional properties {"additionalProperty":"policyType"}',
    );
  });

  it('requires exactly one document per YAML file', () => {
    const doc = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
    expect(
      validator.validateFiles([
        { path: 'a.yaml', content: `${doc}---\n${doc}` },
      ]),
    ).toEqual([
      {
        path: 'a.yaml',
        errors: ['/ must hold exactly one YAML document, found 2'],
      },
    ]);
    expect(
      validator.validateFiles([{ path: 'a.hcl', content: 'not yaml: [' }]),
    ).toEqual([]);
    expect(validator.validateYaml('a: [').valid).toBe(false);
  });
});
