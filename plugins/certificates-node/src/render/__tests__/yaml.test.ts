import fc from 'fast-check';
import { load, loadAll } from 'js-yaml';
import { renderPlatformFiles, renderRequestFiles } from '..';
import { renderSampleBundles } from '../../testing/bundles';
import {
  createTestPlatform,
  DNS_PROVIDER_VARIANTS,
  resolveOrThrow,
} from '../../testing/platforms';
import { isYaml11Ambiguous, toYaml } from '../yaml';

const TRICKY = [
  'no',
  'No',
  'NO',
  'yes',
  'y',
  'n',
  'Y',
  'on',
  'off',
  'On',
  'OFF',
  'true',
  'False',
  '~',
  'null',
  'Null',
  '',
  '0',
  '012',
  '0o17',
  '0x1f',
  '0b101',
  '1_000',
  '1e3',
  '1.5',
  '.5',
  '+1',
  '-1',
  '1:20',
  '190:20:30',
  '.inf',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '<<',
  '=',
  '*.example.com',
  '&anchor',
  '!tag',
  '@x',
  '`x',
  '%x',
  '- item',
  '? key',
  'a: b',
  'a #b',
  '#c',
  '{a: 1}',
  '[1]',
  '"q"',
  "'q'",
  'multi\nline',
  'trailing ',
  ' leading',
  '---',
  '...',
  'a\n---\nkind: Secret',
  '|',
  '>',
];

describe('YAML output', () => {
  it.each(TRICKY)('keeps %j a string when re-parsed', value => {
    const text = toYaml({
      metadata: { labels: { key: value } },
      list: [value],
    });
    expect(load(text)).toEqual({
      metadata: { labels: { key: value } },
      list: [value],
    });
  });

  it.each(TRICKY.filter(isYaml11Ambiguous))(
    'never writes the YAML 1.1 look-alike %j as a plain scalar',
    value => {
      // quoted, so YAML 1.1 readers (go-yaml v2 behind kubectl) also see a string
      const text = toYaml({ key: value, list: [value] });
      expect(text).toMatch(/^key: ['"]/);
      expect(text).toMatch(/^ {2}- ['"]/m);
    },
  );

  it('classifies YAML 1.1 look-alikes', () => {
    for (const v of [
      'no',
      'y',
      'On',
      '~',
      '',
      '012',
      '0b1',
      '1_000',
      '1:20',
      '1e3',
      '.inf',
      '2001-12-14',
      '<<',
    ]) {
      expect(isYaml11Ambiguous(v)).toBe(true);
    }
    for (const v of [
      'team-a',
      'nope',
      'api.shop',
      '*.example.com',
      'v1',
      '1h',
      '500m',
      'example.com',
    ]) {
      expect(isYaml11Ambiguous(v)).toBe(false);
    }
  });

  it('round-trips arbitrary JSON-like objects and re-dumps byte-identically', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom(...TRICKY)),
          fc.oneof(
            fc.string(),
            fc.constantFrom(...TRICKY),
            fc.integer(),
            fc.boolean(),
            fc.array(fc.constantFrom(...TRICKY)),
          ),
        ),
        obj => {
          const text = toYaml(obj);
          const parsed = load(text);
          expect(parsed).toEqual(obj);
          expect(toYaml(parsed)).toBe(text);
          expect(loadAll(text)).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every rendered YAML file re-parses to one document that dumps back to the same bytes', () => {
    for (const variant of Object.keys(DNS_PROVIDER_VARIANTS)) {
      const files = renderSampleBundles(
        createTestPlatform(DNS_PROVIDER_VARIANTS[variant]),
      ).flat();
      for (const file of files.filter(f => f.path.endsWith('.yaml'))) {
        const docs = loadAll(file.content);
        expect(docs).toHaveLength(1);
        expect(toYaml(docs[0])).toBe(file.content);
      }
    }
  });

  it('a team, label and subdomain named "no" stay strings', () => {
    const platform = createTestPlatform();
    const resolved = resolveOrThrow(
      {
        team: 'no',
        domain: 'example.com',
        subdomain: 'no',
        issuer: 'letsencrypt-prod',
      },
      platform,
    );
    const files = renderRequestFiles(resolved, platform);
    const ns = load(
      files.find(f => f.path === 'platform/tenants/no/namespace.yaml')!.content,
    ) as any;
    expect(ns.metadata.name).toBe('no');
    expect(ns.metadata.labels['certificates.backstage.io/team']).toBe('no');
    const cert = load(
      files.find(f => f.path.endsWith('/certificate.yaml'))!.content,
    ) as any;
    expect(cert.metadata.namespace).toBe('no');
    expect(cert.spec.dnsNames).toEqual(['no.example.com']);
    expect(
      cert.spec.secretTemplate.labels[
        'certificates.backstage.io/push-to-vault'
      ],
    ).toBe('true');
    for (const file of files.filter(f => f.path.endsWith('.yaml'))) {
      expect(file.content).not.toMatch(/: no$/m);
      expect(file.content).not.toMatch(/^\s*- no$/m);
    }
  });

  it('free text cannot add keys or documents', () => {
    const platform = createTestPlatform();
    const base = {
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'www.team-a',
      issuer: 'letsencrypt-prod',
    };
    const plain = renderRequestFiles(resolveOrThrow(base, platform), platform);
    const injected = renderRequestFiles(
      resolveOrThrow(
        {
          ...base,
          justification:
            'ok\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nspec:\n  isCA: true\n',
        },
        platform,
      ),
      platform,
    );
    // the justification is not part of any manifest: it cannot change one byte
    expect(injected).toEqual(plain);

    // free-form platform text (webhook config) stays one string value
    const webhook = createTestPlatform(DNS_PROVIDER_VARIANTS.webhook);
    const issuer = renderPlatformFiles(webhook).find(
      f => f.path === 'platform/cluster-issuers/letsencrypt-prod.yaml',
    )!;
    const docs = loadAll(issuer.content) as any[];
    expect(docs).toHaveLength(1);
    const config = docs[0].spec.acme.solvers[0].dns01.webhook.config;
    expect(config).toEqual({
      apiUrl: 'https://dns.example.com/api',
      enabled: 'on',
      note: 'a: b\n---\nkind: Secret',
      ttl: 60,
      zone: 'no',
    });
  });

  it('rejects vault settings that could escape into HCL or reach another team', () => {
    const platform = createTestPlatform();
    const resolved = resolveOrThrow(
      {
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'www.team-a',
        issuer: 'letsencrypt-prod',
      },
      platform,
    );
    const withConfig = (patch: Record<string, unknown>) => ({
      ...platform,
      config: { ...platform.config, ...patch },
    });
    for (const remoteKeyTemplate of [
      'certs/{certificate}',
      'certs/{team}-{certificate}',
      'certs/{certificate}/{team}/x',
      'certs/x{team}/{certificate}',
      'c"}/{team}/{certificate}',
    ]) {
      expect(() =>
        renderRequestFiles(resolved, withConfig({ remoteKeyTemplate })),
      ).toThrow(/remoteKeyTemplate/);
    }
    expect(() =>
      renderRequestFiles(
        resolved,
        withConfig({
          vault: { ...platform.config.vault, kvMount: 'kv" {}\npath "*' },
        }),
      ),
    ).toThrow(/kvMount/);
    const ok = renderRequestFiles(
      resolved,
      withConfig({ remoteKeyTemplate: 'pki/tls/{team}/{certificate}' }),
    );
    expect(
      ok.find(f => f.path === 'platform/tenants/team-a/vault/policy.hcl')!
        .content,
    ).toContain('path "kv/data/pki/tls/team-a/*"');
  });
});
