import request from 'supertest';
import {
  deriveCertificateName,
  fnv1a32,
} from '@internal/plugin-certificates-common';
import {
  asUser,
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from './__testUtils__/testBackend';

/**
 * The request API's side of tenant isolation (issue 14): nested zones three
 * deep, IDN twins and certificate-name collisions. Every refusal names its
 * field, and nothing is stored and no branch is pushed for it.
 */

const cloudflare = {
  type: 'cloudflare',
  apiTokenSecretRef: { name: 'cf', key: 'token' },
};
const zone = (domain: string, extra: object = {}) => ({
  domain,
  teamSubdomains: false,
  dnsProvider: cloudflare,
  ...extra,
});

/** example.com (team-a) ⊃ dev.example.com (team-b) ⊃ eu.west.dev.example.com (nobody's here); IDN twins in idn.example.net. */
const nestedConfig = {
  zones: [
    zone('example.com'),
    zone('dev.example.com'),
    zone('eu.west.dev.example.com'),
    zone('idn.example.net', { allowIdn: true }),
  ],
  teams: [
    {
      name: 'team-a',
      grants: [
        { zone: 'example.com', subtree: '', wildcard: true },
        { zone: 'example.com', subtree: 'shop', wildcard: true },
        { zone: 'idn.example.net', subtree: 'xn--bcher-kva' },
      ],
    },
    {
      name: 'team-b',
      grants: [
        { zone: 'dev.example.com', subtree: '', wildcard: true },
        { zone: 'dev.example.com', subtree: 'west', wildcard: true },
        { zone: 'idn.example.net', subtree: 'bucher' },
      ],
    },
  ],
};

const body = (team: string, domain: string, extra: object = {}) => ({
  team,
  domain,
  issuer: 'letsencrypt-staging',
  ...extra,
});

type Case = [
  what: string,
  user: string,
  body: object,
  status: number,
  field: string,
  message: string,
];

const REFUSED: Case[] = [
  [
    'the parent zone reaching into the child zone',
    'alice',
    body('team-a', 'example.com', { subdomain: 'x.dev' }),
    403,
    'subdomain',
    'it lies in zone "dev.example.com"',
  ],
  [
    "the parent zone's wildcard, valid for the child zone's apex",
    'alice',
    body('team-a', 'example.com', { wildcard: true }),
    403,
    'wildcard',
    '"*.example.com" would also cover "dev.example.com"',
  ],
  [
    'the child zone asked for directly',
    'alice',
    body('team-a', 'dev.example.com', { subdomain: 'x' }),
    403,
    'subdomain',
    'team "team-a" may not request "x.dev.example.com"',
  ],
  [
    'a child-zone name sneaked into additionalNames',
    'alice',
    body('team-a', 'example.com', {
      subdomain: 'shop',
      additionalNames: ['api.dev.example.com'],
    }),
    403,
    'additionalNames.0',
    'it lies in zone "dev.example.com"',
  ],
  [
    'the middle zone reaching into the deepest zone',
    'bob',
    body('team-b', 'dev.example.com', { subdomain: 'y.eu.west' }),
    403,
    'subdomain',
    'it lies in zone "eu.west.dev.example.com"',
  ],
  [
    "the middle zone's subtree wildcard over the deepest zone's apex",
    'bob',
    body('team-b', 'dev.example.com', { subdomain: 'west', wildcard: true }),
    403,
    'wildcard',
    'would also cover "eu.west.dev.example.com"',
  ],
  [
    "the deepest zone's apex",
    'bob',
    body('team-b', 'eu.west.dev.example.com'),
    403,
    'domain',
    'team "team-b" may not request "eu.west.dev.example.com"',
  ],
  [
    'the ASCII look-alike of an IDN name',
    'alice',
    body('team-a', 'idn.example.net', { subdomain: 'bucher' }),
    403,
    'subdomain',
    'team "team-a" may not request "bucher.idn.example.net"',
  ],
  [
    'the punycode twin of an ASCII name',
    'bob',
    body('team-b', 'idn.example.net', { subdomain: 'xn--bcher-kva' }),
    403,
    'subdomain',
    'team "team-b" may not request "xn--bcher-kva.idn.example.net"',
  ],
  [
    'the Unicode form of an IDN name',
    'alice',
    body('team-a', 'idn.example.net', { subdomain: 'bücher' }),
    400,
    'subdomain',
    'must be ASCII letters, digits and hyphens only',
  ],
];

/**
 * Two long names under shop.example.com whose shortened certificate names are
 * equal: same head, same FNV-1a hash (found by a birthday search over
 * `<50 a>.x<i>.shop.example.com`; the test checks that they do collide).
 */
const HASH_TWINS = [
  `${'a'.repeat(50)}.x1232789.shop.example.com`,
  `${'a'.repeat(50)}.x1429192.shop.example.com`,
] as const;

describe('request API: nested zones, IDN twins and certificate-name collisions', () => {
  let app: CertificatesTestBackend;

  beforeAll(async () => {
    app = await startCertificatesTestBackend({ extraConfig: nestedConfig });
  });
  afterAll(async () => {
    await app.backend.stop();
  });

  const post = (user: string, payload: object) =>
    request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser(user))
      .send(payload);
  const stored = async () =>
    (
      await request(app.server)
        .get('/api/certificates/requests')
        .set('Authorization', asUser('alice'))
    ).body.items as Array<{ id: string; certificateName: string }>;

  it.each(REFUSED)(
    'refuses %s',
    async (_what, user, payload, status, field, message) => {
      const before = (await stored()).length;
      const branches = app.branches();
      const res = await post(user, payload);
      expect(res.status).toBe(status);
      const lines: string[] = res.body.error.message.split('\n');
      expect(
        lines.some(l => l.startsWith(`${field}: `) && l.includes(message)),
      ).toBe(true);
      expect((await stored()).length).toBe(before);
      expect(app.branches()).toEqual(branches);
    },
  );

  it('gives the twins of the issue different certificates', async () => {
    const names: string[] = [];
    for (const [subdomain, wildcard] of [
      ['shop', true],
      ['wildcard.shop', false],
      ['a-b.shop', false],
      ['a.b.shop', false],
    ] as const) {
      const res = await post(
        'alice',
        body('team-a', 'example.com', { subdomain, wildcard }),
      );
      expect(res.status).toBe(201);
      names.push(res.body.certificateName);
    }
    expect(names).toEqual([
      'wildcard---shop-example-com',
      'wildcard-shop-example-com',
      'a--b-shop-example-com',
      'a-b-shop-example-com',
    ]);
  });

  it('refuses a chosen name that another certificate of the team already has, naming both', async () => {
    const first = await post(
      'alice',
      body('team-a', 'example.com', { subdomain: 'one.shop', name: 'web' }),
    );
    expect(first.status).toBe(201);
    const before = (await stored()).length;
    const branches = app.branches();
    const second = await post(
      'alice',
      body('team-a', 'example.com', { subdomain: 'two.shop', name: 'web' }),
    );
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(
      `name: certificate name "web" for "two.shop.example.com" is already used by request ${first.body.id} for "one.shop.example.com"; choose another name`,
    );
    expect((await stored()).length).toBe(before);
    expect(app.branches()).toEqual(branches);
  });

  it('refuses two long names whose shortened names collide, naming both', async () => {
    const [one, two] = HASH_TWINS;
    expect(fnv1a32(one)).toBe(fnv1a32(two));
    expect(deriveCertificateName(one)).toBe(deriveCertificateName(two));
    const sub = (name: string) => name.replace(/\.example\.com$/, '');
    const first = await post(
      'alice',
      body('team-a', 'example.com', { subdomain: sub(one) }),
    );
    expect(first.status).toBe(201);
    const before = (await stored()).length;
    const second = await post(
      'alice',
      body('team-a', 'example.com', { subdomain: sub(two) }),
    );
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(
      `is already used by request ${first.body.id} for "${one}"`,
    );
    expect(second.body.error.message).toMatch(
      new RegExp(
        `^name: certificate name "${
          first.body.certificateName
        }" for "${two.replace(/\./g, '\\.')}"`,
      ),
    );
    expect((await stored()).length).toBe(before);
  });
});
