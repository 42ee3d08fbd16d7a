import { parseCertificateRequest } from '../request/certificateRequest';
import { resolveCertificateRequest } from '../request/resolveRequest';
import {
  PlatformConfigError,
  zoneOf,
  zoneShadowedByWildcard,
} from './ownership';
import { createPlatformModel } from './platformModel';

const dnsProvider = {
  type: 'cloudflare',
  apiTokenSecretRef: { name: 'cf', key: 'token' },
};
const zone = (domain: string, teamSubdomains = false) => ({
  domain,
  teamSubdomains,
  dnsProvider,
});
const issuers = [
  {
    name: 'le',
    server: 'https://acme-v02.api.letsencrypt.org/directory',
    email: 'p@example.com',
  },
];

/** example.com (team-a) ⊃ dev.example.com (team-b) ⊃ eu.west.dev.example.com (team-c); example.net gives team defaults. */
const nested = {
  issuers,
  zones: [
    zone('example.com'),
    zone('dev.example.com'),
    zone('eu.west.dev.example.com'),
    zone('example.net', true),
    zone('dev.example.net'),
  ],
  teams: [
    {
      name: 'team-a',
      grants: [
        { zone: 'example.com', subtree: '', wildcard: true },
        { zone: 'example.com', subtree: 'shop', wildcard: true },
      ],
    },
    {
      name: 'team-b',
      grants: [
        { zone: 'dev.example.com', subtree: '', wildcard: true },
        { zone: 'dev.example.com', subtree: 'west', wildcard: true },
      ],
    },
    { name: 'team-c', grants: [{ zone: 'eu.west.dev.example.com' }] },
    { name: 'dev' },
  ],
};
const platform = createPlatformModel(nested);
const domains = nested.zones.map(z => z.domain);

describe('the most specific zone decides ownership', () => {
  it('finds the most specific zone of a name, whatever the configuration order', () => {
    expect(zoneOf('x.eu.west.dev.example.com', domains)).toBe(
      'eu.west.dev.example.com',
    );
    expect(zoneOf('x.west.dev.example.com', [...domains].reverse())).toBe(
      'dev.example.com',
    );
    expect(zoneOf('*.dev.example.com', domains)).toBe('dev.example.com');
    expect(zoneOf('example.org', domains)).toBeUndefined();
  });

  it('knows which wildcards would cover a child zone apex', () => {
    expect(zoneShadowedByWildcard('*.example.com', domains)).toBe(
      'dev.example.com',
    );
    expect(zoneShadowedByWildcard('*.west.dev.example.com', domains)).toBe(
      'eu.west.dev.example.com',
    );
    expect(
      zoneShadowedByWildcard('*.dev.example.com', domains),
    ).toBeUndefined();
    expect(zoneShadowedByWildcard('dev.example.com', domains)).toBeUndefined();
  });

  it.each([
    ['team-a', 'example.com', true],
    ['team-a', 'shop.example.com', true],
    ['team-a', '*.shop.example.com', true],
    ['team-a', '*.example.com', false],
    ['team-a', 'dev.example.com', false],
    ['team-a', 'x.dev.example.com', false],
    ['team-b', 'dev.example.com', true],
    ['team-b', '*.dev.example.com', true],
    ['team-b', 'a.west.dev.example.com', true],
    ['team-b', '*.a.west.dev.example.com', true],
    ['team-b', '*.west.dev.example.com', false],
    ['team-b', 'eu.west.dev.example.com', false],
    ['team-b', 'y.eu.west.dev.example.com', false],
    ['team-c', 'eu.west.dev.example.com', true],
    ['team-c', 'west.dev.example.com', false],
    ['team-a', 'team-a.example.net', true],
    ['dev', 'dev.example.net', false],
    ['dev', 'x.dev.example.net', false],
  ])('%s owns %s: %s', (team, name, owned) => {
    expect(platform.grantFor(team, name) !== undefined).toBe(owned);
  });

  it('drops a team default that is another zone, and refuses an explicit grant inside a more specific zone', () => {
    expect(platform.grantsOf('dev').map(g => g.base)).toEqual([]);
    let problems: string[] = [];
    try {
      createPlatformModel({
        ...nested,
        teams: [
          {
            name: 'team-a',
            grants: [{ zone: 'example.com', subtree: 'x.dev' }],
          },
        ],
      });
    } catch (error) {
      problems = (error as PlatformConfigError).problems;
    }
    expect(problems).toEqual([
      'team "team-a" grant subtree "x.dev" in zone "example.com": "x.dev.example.com" lies in the more specific zone "dev.example.com"; grant it there',
    ]);
  });

  it.each([
    [{ subdomain: 'x.dev' }, 'subdomain', 'it lies in zone "dev.example.com"'],
    [{ wildcard: true }, 'wildcard', 'would also cover "dev.example.com"'],
    [
      { subdomain: 'shop', additionalNames: ['a.eu.west.dev.example.com'] },
      'additionalNames.0',
      'it lies in zone "eu.west.dev.example.com"',
    ],
  ])('refuses team-a %j with a 403 on %s', (extra, field, message) => {
    const parsed = parseCertificateRequest({
      team: 'team-a',
      domain: 'example.com',
      issuer: 'le',
      ...extra,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const result = resolveCertificateRequest(parsed.request, platform);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field, kind: 'forbidden' });
    expect(problems[0].message).toContain(message);
  });
});
