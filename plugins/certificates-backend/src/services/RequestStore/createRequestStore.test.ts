import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  createPlatformModel,
  parseCertificateRequest,
  resolveCertificateRequest,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { KnexRequestStore } from './createRequestStore';
import { testCertificatesConfig } from '../../__testUtils__/testBackend';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

const platform = createPlatformModel(testCertificatesConfig('/tmp/unused'));
const MIGRATIONS = resolvePackagePath(
  '@internal/plugin-certificates-backend',
  'migrations',
);

function resolved(
  team: string,
  subdomain: string,
  extra: object = {},
): ResolvedCertificateRequest {
  const parsed = parseCertificateRequest({
    team,
    domain: 'example.com',
    subdomain,
    issuer: 'letsencrypt-staging',
    ...extra,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const result = resolveCertificateRequest(parsed.request, platform);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.resolved;
}

const { databases, ids } = createTestDatabases(__filename, [
  'SQLITE_3',
  'POSTGRES_15',
]);

describe.each(ids)('request store on %s', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: KnexRequestStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS });
  });
  beforeEach(async () => {
    await knex('certificate_request_events').delete();
    await knex('certificate_names').delete();
    await knex('certificate_requests').delete();
    store = new KnexRequestStore(knex, () => new Date('2026-11-28T12:00:00Z'));
  });

  it('runs its migrations down and up again', async () => {
    await knex.migrate.rollback({ directory: MIGRATIONS }, true);
    expect(await knex.schema.hasTable('certificate_requests')).toBe(false);
    await knex.migrate.latest({ directory: MIGRATIONS });
    expect(await knex.schema.hasTable('certificate_requests')).toBe(true);
    expect(await knex.schema.hasTable('certificate_names')).toBe(true);
  });

  it('stores a request with its names and first event', async () => {
    const { record, created } = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    expect(created).toBe(true);
    expect(record).toMatchObject({
      state: 'pending',
      team: 'team-a',
      names: ['api.team-a.example.com'],
      createdBy: 'user:default/alice',
      createdAt: '2026-11-28T12:00:00.000Z',
    });
    expect(await store.events(record.id)).toEqual([
      {
        at: '2026-11-28T12:00:00.000Z',
        actor: 'user:default/alice',
        state: 'pending',
        message: 'requested',
      },
    ]);
  });

  it('returns the identical open request instead of a second one', async () => {
    const a = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    const b = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    expect(b.created).toBe(false);
    expect(b.record.id).toBe(a.record.id);
    expect(await store.list({})).toHaveLength(1);
  });

  it('changes an open request for the same certificate in place', async () => {
    const a = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    const b = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a', {
        issuer: 'letsencrypt-prod',
      }),
      actor: 'user:default/alice',
    });
    expect(b).toMatchObject({ created: false, updated: true });
    expect(b.record.id).toBe(a.record.id);
    expect(b.record.issuer).toBe('letsencrypt-prod');
  });

  it('refuses a name another team holds with a conflict', async () => {
    await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    // Ownership moved in config: team-ab now asks for the same name.
    const stolen = {
      ...resolved('team-a', 'api.team-a'),
      request: {
        ...resolved('team-a', 'api.team-a').request,
        team: 'team-ab',
      },
    };
    await expect(
      store.createOrGet({ resolved: stolen, actor: 'user:default/eve' }),
    ).rejects.toThrow(ConflictError);
    expect(await store.list({})).toHaveLength(1);
  });

  it('lists only the requests a pull request carries', async () => {
    const opened = [];
    for (const [subdomain, number] of [
      ['one.team-a', 7],
      ['two.team-a', 8],
    ] as const) {
      const { record } = await store.createOrGet({
        resolved: resolved('team-a', subdomain),
        actor: 'user:default/alice',
      });
      await store.transition(record.id, {
        from: ['pending'],
        to: 'pr-open',
        actor: 'plugin:certificates',
        pullRequest: {
          url: `http://localhost:3000/certificates/pull-requests/${number}`,
          number,
          branch: `certificates/${subdomain}`,
          state: 'open',
        },
      });
      opened.push(record.id);
    }
    const carried = await store.list({ pullRequestNumber: 8 });
    expect(carried.map(r => r.id)).toEqual([opened[1]]);
    expect(await store.list({ pullRequestNumber: 9 })).toEqual([]);
  });

  it('tells onTransition of each committed change once, and of no refused one', async () => {
    const onTransition = jest.fn();
    const told = new KnexRequestStore(knex, () => new Date(), onTransition);
    const { record } = await told.createOrGet({
      resolved: resolved('team-a', 'hook.team-a'),
      actor: 'user:default/alice',
    });
    const opened = await told.transition(record.id, {
      from: ['pending'],
      to: 'pr-open',
      actor: 'plugin:certificates',
    });
    // A writer that expected another state (a publish after a cancel) changes nothing.
    const refused = await told.transition(record.id, {
      from: ['pending'],
      to: 'failed',
      actor: 'plugin:certificates',
    });
    expect([opened.changed, refused.changed]).toEqual([true, false]);
    expect(refused.record.state).toBe('pr-open');
    expect(onTransition.mock.calls).toEqual([
      [{ id: record.id, team: 'team-a', from: 'pending', to: 'pr-open' }],
    ]);
  });

  it('keeps every transition with its actor and releases names when closed', async () => {
    const { record } = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    const pullRequest = {
      url: 'https://github.com/o/r/pull/7',
      number: 7,
      branch: 'certificates/team-a/x',
      state: 'open' as const,
    };
    await store.transition(record.id, {
      from: ['pending', 'pr-open'],
      to: 'pr-open',
      actor: 'plugin:certificates',
      pullRequest,
    });
    const { record: closed } = await store.transition(record.id, {
      from: ['pr-open'],
      to: 'closed',
      actor: 'plugin:certificates',
      pullRequest: { ...pullRequest, state: 'closed' },
    });
    expect(closed.pullRequest?.state).toBe('closed');
    expect(
      (await store.events(record.id)).map(e => [e.state, e.actor]),
    ).toEqual([
      ['pending', 'user:default/alice'],
      ['pr-open', 'plugin:certificates'],
      ['closed', 'plugin:certificates'],
    ]);
    expect(
      await knex('certificate_names').where({ request_id: record.id }),
    ).toEqual([]);
  });

  it('gives concurrent identical requests one record', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        store.createOrGet({
          resolved: resolved('team-a', 'race.team-a'),
          actor: 'user:default/alice',
        }),
      ),
    );
    expect(new Set(results.map(r => r.record.id)).size).toBe(1);
    expect(results.filter(r => r.created)).toHaveLength(1);
  });

  it('remembers publishing progress', async () => {
    const { record } = await store.createOrGet({
      resolved: resolved('team-a', 'api.team-a'),
      actor: 'user:default/alice',
    });
    expect(await store.getProgress(record.id)).toEqual({});
    await store.saveProgress(record.id, { branch: 'b', commitSha: 'abc' });
    expect(await store.getProgress(record.id)).toEqual({
      branch: 'b',
      commitSha: 'abc',
    });
  });
});
