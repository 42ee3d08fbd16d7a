import fc from 'fast-check';
import { load } from 'js-yaml';
import {
  KEY_ALGORITHMS,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles, renderRequestFiles } from '..';
import { createManifestValidator } from '../../validation';
import {
  createTestPlatform,
  DNS_PROVIDER_VARIANTS,
  resolveOrThrow,
} from '../../testing/platforms';

jest.setTimeout(300_000);

const validator = createManifestValidator();
const platforms: Record<string, PlatformModel> = Object.fromEntries(
  Object.entries(DNS_PROVIDER_VARIANTS).map(([k, v]) => [
    k,
    createTestPlatform(v),
  ]),
);

const label = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8})?$/);

/** A request body that is valid by construction: names are built inside one of the team's grants. */
const requestArb = fc
  .record({
    variant: fc.constantFrom(...Object.keys(platforms)),
    team: fc.constantFrom('team-a', 'team-b', 'no'),
    grantIndex: fc.nat(),
    labels: fc.array(label, { maxLength: 3 }),
    wildcard: fc.boolean(),
    extra: fc.array(
      fc.tuple(fc.nat(), fc.array(label, { maxLength: 2 }), fc.boolean()),
      { maxLength: 4 },
    ),
    issuer: fc.constantFrom('letsencrypt-staging', 'letsencrypt-prod'),
    keyAlgorithm: fc.option(fc.constantFrom(...KEY_ALGORITHMS), {
      nil: undefined,
    }),
    name: fc.option(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/), {
      nil: undefined,
    }),
    justification: fc.option(
      fc
        .string({ maxLength: 200 })
        // eslint-disable-next-line no-control-regex
        .filter(s => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s)),
      { nil: undefined },
    ),
  })
  .map(r => {
    const platform = platforms[r.variant];
    const grants = platform.grantsOf(r.team);
    const nameIn = (index: number, labels: string[], wildcard: boolean) => {
      const grant = grants[index % grants.length];
      const name = [...(grant.kind === 'apex' ? [] : labels), grant.base].join(
        '.',
      );
      return grant.wildcard && wildcard ? `*.${name}` : name;
    };
    const primary = nameIn(r.grantIndex, r.labels, r.wildcard);
    const plain = primary.replace(/^\*\./, '');
    const zone = platform.zones.find(
      z => plain === z.domain || plain.endsWith(`.${z.domain}`),
    )!;
    const subdomain =
      plain === zone.domain ? '' : plain.slice(0, -(zone.domain.length + 1));
    return {
      platform,
      body: {
        team: r.team,
        domain: zone.domain,
        subdomain,
        wildcard: primary.startsWith('*.'),
        issuer: r.issuer,
        ...(r.keyAlgorithm ? { keyAlgorithm: r.keyAlgorithm } : {}),
        ...(r.name ? { name: r.name } : {}),
        ...(r.justification !== undefined
          ? { justification: r.justification }
          : {}),
        additionalNames: r.extra.map(([i, labels, w]) => nameIn(i, labels, w)),
      },
    };
  });

describe('property: random valid requests', () => {
  beforeAll(() => validator.warmUp());

  it('every output validates strictly, is sorted, and rendering twice is byte-identical', () => {
    fc.assert(
      fc.property(requestArb, ({ platform, body }) => {
        const resolved = resolveOrThrow(body, platform);
        const files = renderRequestFiles(resolved, platform);
        expect(renderRequestFiles(structuredClone(resolved), platform)).toEqual(
          files,
        );
        expect(files.map(f => f.path)).toEqual(files.map(f => f.path).sort());
        expect(validator.validateFiles(files)).toEqual([]);
        const cert = load(
          files.find(f => f.path.endsWith('/certificate.yaml'))!.content,
        ) as any;
        expect(cert.spec.dnsNames).toEqual(resolved.names);
        expect(cert.spec.commonName).toBeUndefined();
        expect(
          files.every(
            f =>
              f.path.startsWith(`tenants/${body.team}/certificates/`) ||
              f.path.startsWith(`platform/tenants/${body.team}/`),
          ),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the platform bundle validates and is deterministic for every provider', () => {
    for (const platform of Object.values(platforms)) {
      const files = renderPlatformFiles(platform);
      expect(renderPlatformFiles(platform)).toEqual(files);
      expect(validator.validateFiles(files)).toEqual([]);
    }
  });
});
