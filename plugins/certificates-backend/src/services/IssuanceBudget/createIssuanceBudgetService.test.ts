import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { KnexIssuanceBudget } from './createIssuanceBudgetService';
import { registeredDomainOf } from './registeredDomain';

const MIGRATIONS = resolvePackagePath(
  '@internal/plugin-certificates-backend',
  'migrations',
);
const { databases, ids } = createTestDatabases(__filename, [
  'SQLITE_3',
  'POSTGRES_15',
]);

const dnsProvider = {
  type: 'cloudflare',
  apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
};
const platformWith = (issuance: Record<string, unknown>) =>
  createPlatformModel({
    zones: [
      { domain: 'example.com', dnsProvider },
      { domain: 'dev.example.com', dnsProvider },
      { domain: 'example.org', dnsProvider },
      { domain: 'shop.example.co.uk', dnsProvider },
    ],
    issuers: [
      {
        name: 'letsencrypt-prod',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
      },
      {
        name: 'letsencrypt-staging',
        server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        staging: true,
      },
    ],
    teams: [{ name: 'team-a' }, { name: 'team-b' }],
    issuance,
  });

const HOUR = 3600 * 1000;
const cert = (certificate: string, ...names: string[]) => ({
  certificate,
  names,
  issuer: 'letsencrypt-prod',
});

describe('registeredDomainOf', () => {
  const platform = platformWith({ registeredDomains: ['example.co.uk'] });
  it.each([
    ['api.example.com', 'example.com'],
    ['*.x.dev.example.com', 'example.com'],
    ['dev.example.com', 'example.com'],
    ['example.org', 'example.org'],
    ['a.shop.example.co.uk', 'example.co.uk'],
  ])('%s counts against %s', (name, domain) => {
    expect(registeredDomainOf(name, platform)).toBe(domain);
  });
});

describe.each(ids)('issuance budgets on %p', databaseId => {
  let knex: Knex;
  let now: Date;
  const budget = (issuance: Record<string, unknown>) =>
    new KnexIssuanceBudget(knex, platformWith(issuance), () => now);
  const refusal = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    return (error as Error).message;
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS });
  });
  beforeEach(async () => {
    await knex('certificate_issuance_ledger').delete();
    now = new Date('2026-12-07T12:00:00Z');
  });

  it('admits a team up to its weekly budget, refuses the next naming the field and budget, and admits again a week later', async () => {
    const b = budget({ perTeamPerWeek: 3 });
    for (let i = 0; i < 3; i++) {
      await b.assertNewCertificates('team-a', [
        cert(`c${i}`, `c${i}.example.com`),
      ]);
      await b.recordNewCertificates('team-a', [
        cert(`c${i}`, `c${i}.example.com`),
      ]);
      now = new Date(now.getTime() + HOUR);
    }
    const message = await refusal(
      b.assertNewCertificates('team-a', [cert('c3', 'c3.example.com')]),
    );
    expect(message).toBe(
      "team: team team-a has asked for 3 new certificates in the last 7 days; 1 more would exceed its issuance budget of 3 a week (certificates.issuance.perTeamPerWeek), which keeps the shared ACME account within Let's Encrypt's limits. Try again after 2026-12-14T12:00:00.000Z",
    );
    // The same certificate again (a retry, an update of its open request) is not a new one.
    await b.assertNewCertificates('team-a', [cert('c2', 'c2.example.com')]);
    await b.recordNewCertificates('team-a', [cert('c2', 'c2.example.com')]);
    expect(await knex('certificate_issuance_ledger')).toHaveLength(3);
    // Staging certificates are not counted; another team has its own budget.
    await b.assertNewCertificates('team-a', [
      { ...cert('s', 's.example.com'), issuer: 'letsencrypt-staging' },
    ]);
    await b.assertNewCertificates('team-b', [cert('d', 'd.example.org')]);
    now = new Date('2026-12-14T12:00:01Z');
    await b.assertNewCertificates('team-a', [cert('c3', 'c3.example.com')]);
  });

  it('shares one budget per registered domain across teams and nested zones; a bulk request is all or nothing', async () => {
    const b = budget({ perRegisteredDomainPerWeek: 3, perTeamPerWeek: 10 });
    await b.recordNewCertificates('team-a', [
      cert('a', 'a.example.com'),
      cert('b', 'b.dev.example.com'),
    ]);
    await b.recordNewCertificates('team-b', [cert('c', 'c.example.org')]);
    // example.com holds 2: one more fits, two do not (dev.example.com is the same registered domain).
    const message = await refusal(
      b.assertNewCertificates('team-b', [
        cert('d', 'd.example.com'),
        cert('e', 'x.dev.example.com'),
      ]),
    );
    expect(message).toMatch(
      /^dnsNames: the registered domain example\.com has 2 new certificates in the last 7 days from all teams; 2 more would exceed the shared budget of 3 a week \(certificates\.issuance\.perRegisteredDomainPerWeek; Let's Encrypt allows 50 per registered domain\)\. Try again after 2026-12-14T12:00:00\.000Z$/,
    );
    await b.assertNewCertificates('team-b', [cert('d', 'd.example.com')]);
    await b.assertNewCertificates('team-b', [
      cert('f', 'f.example.org'),
      cert('g', 'g.example.org'),
    ]);
  });

  it('counts a certificate naming two registered domains once for the team and once for each domain', async () => {
    const b = budget({ perRegisteredDomainPerWeek: 1, perTeamPerWeek: 2 });
    await b.recordNewCertificates('team-a', [
      cert('both', 'www.example.com', 'www.example.org'),
    ]);
    expect(
      await knex('certificate_issuance_ledger').where({ team_unit: true }),
    ).toHaveLength(1);
    expect(
      await refusal(
        b.assertNewCertificates('team-b', [cert('x', 'x.example.org')]),
      ),
    ).toMatch(/^dnsNames: the registered domain example\.org has 1/);
    // The team has used 1 of 2: a certificate in an untouched registered domain fits.
    await b.assertNewCertificates('team-a', [
      cert('uk', 'a.shop.example.co.uk'),
    ]);
  });

  it('allows "renew now" once per cooldown per certificate', async () => {
    const b = budget({ renewCooldownHours: 72 });
    await b.assertRenewal('team-a', 'shop');
    await b.recordRenewal('team-a', 'shop');
    now = new Date(now.getTime() + 71 * HOUR);
    expect(await refusal(b.assertRenewal('team-a', 'shop'))).toBe(
      'certificate: shop was last renewed now at 2026-12-07T12:00:00.000Z; "renew now" is allowed once every 72 hours per certificate (certificates.issuance.renewCooldownHours), since every renewal counts against Let\'s Encrypt\'s 5 duplicate certificates a week. Try again after 2026-12-10T12:00:00.000Z',
    );
    // Another certificate, or the same name of another team, is not held back.
    await b.assertRenewal('team-a', 'api');
    await b.assertRenewal('team-b', 'shop');
    now = new Date(now.getTime() + HOUR);
    await b.assertRenewal('team-a', 'shop');
  });

  it('refuses a cooldown that would allow more than 4 renewals a week, at start-up', () => {
    expect(() => platformWith({ renewCooldownHours: 24 })).toThrow(
      /certificates\.issuance\.renewCooldownHours/,
    );
    expect(() => platformWith({ perRegisteredDomainPerWeek: 60 })).toThrow(
      /certificates\.issuance\.perRegisteredDomainPerWeek/,
    );
  });
});
