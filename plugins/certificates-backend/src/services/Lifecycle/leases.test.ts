import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { LocalGitTarget } from '../Gitops';
import { createPublishService } from '../PublishService';
import { KnexRequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import {
  instrument,
  platform,
  resolved,
  TEST_RETRY,
} from './__testUtils__/lifecycleHarness';

const { databases, ids } = createTestDatabases(__filename, [
  'POSTGRES_15',
  'SQLITE_3',
]);

// Two backend instances, each with its own connection pool, on one database:
// the lease is a conditional UPDATE, so exactly one of them may publish.
describe.each(ids)('request leases on %s', (databaseId: TestDatabaseId) => {
  let pools: Knex[];
  beforeEach(async () => {
    const first = await databases.init(databaseId);
    await first.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    // SQLite in memory cannot be opened twice; there the instances share one client.
    pools = [
      first,
      databaseId === 'SQLITE_3' ? first : knexFactory(first.client.config),
    ];
  });
  afterEach(async () => {
    if (pools[1] !== pools[0]) await pools[1].destroy();
  });

  it('lets one owner hold a request until it releases it or the lease ends', async () => {
    let clock = Date.parse('2026-12-02T10:00:00Z');
    const now = () => new Date(clock);
    const [a, b] = pools.map(
      knex =>
        new KnexLifecycleStore(knex, new KnexRequestStore(knex, now), now),
    );
    const { record } = await new KnexRequestStore(pools[0], now).createOrGet({
      resolved: resolved('lease.team-a'),
      actor: 'user:default/alice',
    });
    expect(await a.claim(record.id, 'instance-a', 60_000)).toBe(true);
    expect(await b.claim(record.id, 'instance-b', 60_000)).toBe(false);
    // Its owner may extend it; another may not release it.
    expect(await a.claim(record.id, 'instance-a', 60_000)).toBe(true);
    await b.release(record.id, 'instance-b');
    expect(await b.claim(record.id, 'instance-b', 60_000)).toBe(false);
    clock += 60_001;
    expect(await b.claim(record.id, 'instance-b', 60_000)).toBe(true);
    await b.release(record.id, 'instance-b');
    expect(await a.claim(record.id, 'instance-a', 60_000)).toBe(true);
  });

  it('opens one pull request when both instances publish the same request at once', async () => {
    const now = () => new Date();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-lease-'));
    const local = await LocalGitTarget.create({ dir, baseBranch: 'main' });
    const { target, counts } = instrument(local);
    const publishers = pools.map(knex => {
      const store = new KnexRequestStore(knex, now);
      return createPublishService({
        store,
        lifecycle: new KnexLifecycleStore(knex, store, now),
        gitops: target,
        platform,
        logger: mockServices.logger.mock(),
        retry: TEST_RETRY,
        now,
      });
    });
    const store = new KnexRequestStore(pools[0], now);
    const { record } = await store.createOrGet({
      resolved: resolved('race.team-a'),
      actor: 'user:default/alice',
    });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => publishers[i % 2].publish(record.id)),
    );
    expect(counts.open).toBe(1);
    expect(await local.pullRequests()).toHaveLength(1);
    expect(await store.get(record.id)).toMatchObject({
      state: 'pr-open',
      pullRequest: { number: 1 },
    });
  });
});
