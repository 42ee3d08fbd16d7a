import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { setupServer } from 'msw/node';
import { FakeGitHub } from '../Gitops/github/__testUtils__/fakeGitHub';
import { GitHubTarget } from '../Gitops/github';
import { KnexRequestStore, RequestStore } from '../RequestStore';
import { fleetPlatform, fleetRows } from './__testUtils__/fleet';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { createBulkPublisher } from './createBulkPublisher';
import { KnexBulkStore } from './createBulkStore';
import { BulkStore } from './types';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const platform = fleetPlatform(40);

function githubTarget(fake: FakeGitHub) {
  return new GitHubTarget({
    repoUrl: fake.repoUrl,
    baseBranch: 'main',
    apiBaseUrl: fake.api,
    credentials: {
      getCredentials: async () => ({
        type: 'token' as const,
        token: 'ghs_valid',
      }),
    },
    logger: mockServices.logger.mock(),
    tuning: { retryAfterUnitMs: 1, requestTimeoutMs: 500, spaceWrites: false },
  });
}

/** Makes every method of `target` throw once `dead()` says the process has died. */
function dying<T extends object>(target: T, dead: () => boolean): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (dead()) throw new Error('the process died');
        return value.apply(t, args);
      };
    },
  });
}

/** A bulk store whose process dies when the `dieAt`-th pull request is being recorded. */
class CrashingBulkStore extends KnexBulkStore {
  dead = false;
  private recorded = 0;

  constructor(knex: Knex, now: () => Date, private readonly dieAt: number) {
    super(knex, now);
  }

  async saveTeamProgress(...args: Parameters<BulkStore['saveTeamProgress']>) {
    if (args[2].pullRequest && ++this.recorded === this.dieAt) this.dead = true;
    if (this.dead) throw new Error('the process died');
    return super.saveTeamProgress(...args);
  }
}

describe('bulk publisher', () => {
  let knex: Knex;
  let store: RequestStore;
  let bulk: KnexBulkStore;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    store = new KnexRequestStore(knex, () => new Date());
    bulk = new KnexBulkStore(knex, () => new Date());
  });

  const createBatch = (certificates: number) =>
    bulk.create({
      actor: 'user:default/platform',
      rows: fleetRows(platform, certificates),
      rejected: [],
    });

  it('resumes a crash after 7 of 40 pull requests to exactly 40', async () => {
    const fake = new FakeGitHub().use(server);
    const { batch } = await createBatch(120);
    // The process dies while recording the 8th pull request.
    const crashing = new CrashingBulkStore(knex, () => new Date(), 8);
    const dead = () => crashing.dead;
    const first = createBulkPublisher({
      store: dying(store, dead),
      lifecycle: new KnexLifecycleStore(knex, store, () => new Date()),
      bulk: dying(crashing, dead),
      gitops: githubTarget(fake),
      platform,
      logger: mockServices.logger.mock(),
    });
    await expect(first.publishBatch(batch.id)).rejects.toThrow(
      'the process died',
    );
    expect(dead()).toBe(true);
    const crashed = await bulk.get(batch.id);
    expect(crashed?.progress.opened).toBe(0);
    expect(fake.prs.length).toBeGreaterThanOrEqual(8);
    expect(fake.prs.length).toBeLessThan(40);

    // Another instance, after the dead one's lease ran out.
    const later = new KnexBulkStore(
      knex,
      () => new Date(Date.now() + 10 * 60_000),
    );
    const resumed = createBulkPublisher({
      store,
      lifecycle: new KnexLifecycleStore(knex, store, () => new Date()),
      bulk: later,
      gitops: githubTarget(fake),
      platform,
      logger: mockServices.logger.mock(),
    });
    expect(await resumed.resumeBatches()).toBe(1);

    expect(fake.prs).toHaveLength(40);
    expect(new Set(fake.prs.map(p => p.head)).size).toBe(40);
    expect(fake.forcePushes).toBe(0);
    for (const pr of fake.prs) expect(fake.commitsAhead(pr.head)).toBe(1);
    const done = await bulk.get(batch.id);
    expect(done?.state).toBe('done');
    expect(done?.progress).toEqual({ queued: 0, opened: 40, failed: 0 });
    for (const team of done!.teams) {
      expect(team.certificates).toHaveLength(3);
      expect(team.certificates.every(c => c.state === 'pr-open')).toBe(true);
      const stored = await store.get(team.certificates[0].requestId);
      expect(stored?.pullRequest?.number).toBe(team.pullRequest?.number);
    }
    expect(await resumed.resumeBatches()).toBe(0);
  });

  it('marks every team failed on a configuration error, without retrying', async () => {
    const fake = new FakeGitHub().use(server);
    fake.exists = false;
    const { batch } = await createBatch(4);
    const publisher = createBulkPublisher({
      store,
      lifecycle: new KnexLifecycleStore(knex, store, () => new Date()),
      bulk,
      gitops: githubTarget(fake),
      platform,
      logger: mockServices.logger.mock(),
    });
    await publisher.publishBatch(batch.id);
    const after = await bulk.get(batch.id);
    expect(after?.progress).toEqual({ queued: 0, opened: 0, failed: 4 });
    expect(after?.teams[0].error).toMatch(/not found/);
    expect(after?.teams[0].certificates[0].state).toBe('failed');
    expect(await publisher.resumeBatches()).toBe(0);
  });

  it('keeps teams queued after a transient failure and the resume task opens them', async () => {
    const fake = new FakeGitHub().use(server);
    fake.inject({
      op: 'graphql GitopsBatchState',
      reply: { status: 502, body: { message: 'Bad Gateway' } },
      times: 10,
    });
    const { batch } = await createBatch(4);
    const publisher = createBulkPublisher({
      store,
      lifecycle: new KnexLifecycleStore(knex, store, () => new Date()),
      bulk,
      gitops: githubTarget(fake),
      platform,
      logger: mockServices.logger.mock(),
    });
    await publisher.publishBatch(batch.id);
    const waiting = await bulk.get(batch.id);
    expect(waiting?.progress).toEqual({ queued: 4, opened: 0, failed: 0 });
    expect(waiting?.teams[0].error).toMatch(/read batch state/);
    expect(fake.prs).toHaveLength(0);
    while (fake.pendingFaults > 0) await publisher.resumeBatches();
    await publisher.resumeBatches();
    expect((await bulk.get(batch.id))?.progress.opened).toBe(4);
    expect(fake.prs).toHaveLength(4);
  });
});
