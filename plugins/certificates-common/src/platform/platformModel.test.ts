import { createPlatformModel } from './platformModel';
import { PlatformConfigError } from './ownership';

const base = {
  issuers: [
    {
      name: 'letsencrypt-staging',
      server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      email: 'p@example.com',
    },
  ],
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cf', key: 'token' },
      },
    },
    {
      domain: 'example.org',
      teamSubdomains: false,
      dnsProvider: {
        type: 'digitalocean',
        tokenSecretRef: { name: 'do', key: 't' },
      },
    },
  ],
};

function problemsOf(config: object): string[] {
  try {
    createPlatformModel(config);
  } catch (error) {
    if (error instanceof PlatformConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('platform model', () => {
  it('gives every team its default subtree and explicit grants', () => {
    const platform = createPlatformModel({
      ...base,
      teams: [
        {
          name: 'team-a',
          grants: [{ zone: 'example.org', subtree: '', wildcard: true }],
        },
      ],
    });
    expect(platform.grantsOf('team-a')).toEqual([
      {
        team: 'team-a',
        zone: 'example.com',
        base: 'team-a.example.com',
        kind: 'subtree',
        wildcard: true,
        origin: 'default',
      },
      {
        team: 'team-a',
        zone: 'example.org',
        base: 'example.org',
        kind: 'apex',
        wildcard: true,
        origin: 'explicit',
      },
    ]);
    expect(platform.grantFor('team-a', 'x.y.team-a.example.com')?.base).toBe(
      'team-a.example.com',
    );
    expect(platform.grantFor('team-a', '*.example.org')?.kind).toBe('apex');
    expect(platform.grantFor('team-a', 'www.example.org')).toBeUndefined();
    expect(platform.grantFor('team-a', 'team-ab.example.com')).toBeUndefined();
    expect(platform.teamGroupRef('team-a')).toBe('group:default/team-a');
  });

  it('refuses overlapping subtrees of two teams, naming both', () => {
    expect(
      problemsOf({
        ...base,
        teams: [
          {
            name: 'team-a',
            grants: [{ zone: 'example.com', subtree: 'shop' }],
          },
          {
            name: 'team-b',
            grants: [{ zone: 'example.com', subtree: 'eu.shop' }],
          },
        ],
      }),
    ).toEqual([
      'subtree "shop.example.com" of team "team-a" overlaps subtree "eu.shop.example.com" of team "team-b"',
    ]);
  });

  it("refuses a grant inside another team's default subdomain", () => {
    expect(
      problemsOf({
        ...base,
        teams: [
          { name: 'team-a' },
          {
            name: 'team-b',
            grants: [{ zone: 'example.com', subtree: 'api.team-a' }],
          },
        ],
      }),
    ).toEqual([
      'subtree "team-a.example.com" of team "team-a" (team default) overlaps subtree "api.team-a.example.com" of team "team-b"',
    ]);
  });

  it("refuses an apex wildcard that would cover another team's subtree", () => {
    expect(
      problemsOf({
        ...base,
        teams: [
          {
            name: 'team-a',
            grants: [{ zone: 'example.com', subtree: '', wildcard: true }],
          },
          { name: 'team-b' },
        ],
      }),
    ).toContain(
      'the wildcard right "*.example.com" of team "team-a" would cover subtree "team-b.example.com" of team "team-b" (team default)',
    );
  });

  it('refuses the same apex for two teams but allows prefix twins', () => {
    expect(
      problemsOf({
        ...base,
        teams: [
          { name: 'team-a', grants: [{ zone: 'example.org', subtree: '' }] },
          { name: 'team-b', grants: [{ zone: 'example.org', subtree: '' }] },
        ],
      }),
    ).toHaveLength(1);
    expect(
      problemsOf({ ...base, teams: [{ name: 'team-a' }, { name: 'team-ab' }] }),
    ).toEqual([]);
  });

  it('lists every problem at once: reserved team, unknown zone, public-suffix zone, duplicate issuer', () => {
    const problems = problemsOf({
      issuers: [...base.issuers, ...base.issuers],
      zones: [
        ...base.zones,
        {
          domain: 'co.uk',
          dnsProvider: { type: 'route53', region: 'eu-west-1' },
        },
      ],
      teams: [
        { name: 'kube-system' },
        { name: 'team-a', grants: [{ zone: 'example.net', subtree: 'x' }] },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'zone "co.uk" is a public suffix',
        'team "kube-system" is a reserved namespace',
        'issuer "letsencrypt-staging" is configured twice',
        'team "team-a" has a grant in zone "example.net", which is not a configured zone',
      ]),
    );
  });

  it('names the config path of a malformed setting', () => {
    expect(
      problemsOf({
        ...base,
        zones: [{ domain: 'example.com', dnsProvider: { type: 'bind9' } }],
      })[0],
    ).toMatch(/^certificates\.zones\.0\.dnsProvider\.type: /);
    expect(problemsOf({ ...base, renewBefore: '30 days' })[0]).toMatch(
      /^certificates\.renewBefore: /,
    );
  });
});
