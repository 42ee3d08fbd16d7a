import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { PullRequestRef } from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '@internal/plugin-certificates-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { GitopsTarget, LocalGitTarget } from '../Gitops';
import { FakeGitHub } from '../Gitops/github/__testUtils__/fakeGitHub';
import { fakeGitHubTarget } from '../Gitops/github/__testUtils__/fakeGitHubTarget';
import { createLifecycleService } from '../Lifecycle';
import { createPublishService } from '../PublishService';
import { KnexRequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { fleetPlatform, fleetRows } from './__testUtils__/fleet';
import { createBulkPublisher } from './createBulkPublisher';
import { KnexBulkStore } from './createBulkStore';

const { databases, ids } = createTestDatabases(__filename, [
  'SQLITE_3',
  'POSTGRES_15',
]);
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Two teams: rows 0, 2, 4 are team-0's, rows 1, 3 team-1's. */
const platform = fleetPlatform(2);
const ALICE = 'user:default/alice';

/** What a test reads of the repository, the same on both targets. */
type Repo = {
  target: GitopsTarget;
  prState(number: number): Promise<'open' | 'closed' | 'merged' | undefined>;
  /** A file on a branch; undefined when the branch or the file is absent. */
  fileAt(branch: string, file: string): Promise<string | undefined>;
};

async function localRepo(): Promise<Repo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-cancel-'));
  const target = await LocalGitTarget.create({ dir, baseBranch: 'main' });
  return {
    target,
    prState: async n =>
      (await target.pullRequests()).find(p => p.number === n)?.state,
    fileAt: async (branch, file) => {
      try {
        return execFileSync(
          'git',
          ['-C', dir, 'show', `refs/heads/${branch}:${file}`],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        );
      } catch {
        return undefined;
      }
    },
  };
}

function githubRepo(): Repo {
  const fake = new FakeGitHub().use(server);
  return {
    target: fakeGitHubTarget(fake),
    prState: async n => {
      const pr = fake.prs.find(p => p.number === n);
      if (!pr) return undefined;
      return pr.merged ? 'merged' : pr.state;
    },
    fileAt: async (branch, file) =>
      fake.refs.has(branch) ? fake.fileAt(branch, file) : undefined,
  };
}

/** Holds the target's pull request writes until `release`, so a cancel can land meanwhile. */
function gated(target: GitopsTarget) {
  let release!: () => void;
  let entered!: () => void;
  const open = new Promise<void>(resolve => (release = resolve));
  const reached = new Promise<void>(resolve => (entered = resolve));
  const wrapped: GitopsTarget = Object.create(target);
  wrapped.openPullRequest = async (...args) => {
    entered();
    await open;
    return target.openPullRequest(...args);
  };
  const batch = (target as Partial<{ openPullRequests: Function }>)
    .openPullRequests;
  if (batch)
    Object.assign(wrapped, {
      openPullRequests: async (...args: unknown[]) => {
        entered();
        await open;
        return batch.apply(target, args);
      },
    });
  return { target: wrapped, release, reached };
}

describe.each(ids)('cancel in a bulk request (%s)', databaseId => {
  async function setup(kind: 'local' | 'github') {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    const repo = kind === 'local' ? await localRepo() : githubRepo();
    const now = () => new Date();
    const store = new KnexRequestStore(knex, now);
    const lifecycle = new KnexLifecycleStore(knex, store, now);
    const bulk = new KnexBulkStore(knex, now);
    const logger = mockServices.logger.mock();
    const build = (gitops: GitopsTarget) => {
      const bulkPublisher = createBulkPublisher({
        store,
        lifecycle,
        bulk,
        gitops,
        platform,
        logger,
      });
      const publisher = createPublishService({
        store,
        lifecycle,
        gitops,
        platform,
        logger,
      });
      const service = createLifecycleService({
        store,
        lifecycle,
        publisher,
        batches: bulkPublisher,
        logger,
      });
      return { bulkPublisher, publisher, service };
    };
    const { batch } = await bulk.create({
      actor: ALICE,
      rows: fleetRows(platform, 5),
      rejected: [],
    });
    const rows = async () =>
      Object.fromEntries(
        (await store.list({})).map(r => [r.certificateName, r]),
      );
    const filesOf = async (id: string) =>
      renderRequestFiles((await store.getResolved(id))!, platform).map(
        f => f.path,
      );
    return { repo, store, bulk, batch, build, rows, filesOf };
  }

  it.each(['local', 'github'] as const)(
    'on %s: cancelling one certificate removes only its files; the others keep their pull request and state',
    async kind => {
      const { repo, store, batch, build, rows, filesOf } = await setup(kind);
      const { bulkPublisher, publisher, service } = build(repo.target);
      await bulkPublisher.publishBatch(batch.id);
      const before = await rows();
      const team0 = Object.values(before).filter(r => r.team === 'team-0');
      expect(team0).toHaveLength(3);
      const pr = team0[0].pullRequest as PullRequestRef;
      expect(team0.map(r => [r.state, r.pullRequest?.number])).toEqual(
        team0.map(() => ['pr-open', pr.number]),
      );
      expect(team0.map(r => r.pullRequestShare)).toEqual([3, 3, 3]);
      const [cancelled, ...kept] = team0;
      const cancelledFiles = await filesOf(cancelled.id);
      const keptFiles = (
        await Promise.all(kept.map(r => filesOf(r.id)))
      ).flat();
      const only = cancelledFiles.filter(f => !keptFiles.includes(f));
      expect(only.length).toBeGreaterThan(0);

      const result = await service.cancel(cancelled.id, ALICE, 'request');

      expect(result).toMatchObject({
        changed: true,
        record: { state: 'cancelled' },
      });
      expect(await repo.prState(pr.number)).toBe('open');
      for (const file of only)
        expect(await repo.fileAt(pr.branch, file)).toBeUndefined();
      for (const file of keptFiles)
        expect(await repo.fileAt(pr.branch, file)).toBeDefined();
      // The tracking task sees an open pull request: nothing changes later either.
      await publisher.refreshPullRequests();
      const after = await rows();
      for (const r of kept) {
        expect(after[r.certificateName]).toMatchObject({
          state: 'pr-open',
          pullRequest: { number: pr.number, state: 'open' },
          pullRequestShare: 2,
        });
        expect(after[r.certificateName].updatedAt).toBe(r.updatedAt);
      }
      for (const r of Object.values(before).filter(x => x.team === 'team-1'))
        expect(after[r.certificateName]).toEqual(r);
      const history = await store.events(cancelled.id);
      expect(history.map(e => e.message)).toEqual(
        expect.arrayContaining([
          'cancelled',
          expect.stringMatching(
            new RegExp(`^its files removed from pull request #${pr.number}`),
          ),
        ]),
      );
      // A repeat finds the work done and writes nothing.
      const again = await service.cancel(cancelled.id, ALICE, 'request');
      expect(again.changed).toBe(false);
      expect((await store.events(cancelled.id)).length).toBe(history.length);
    },
  );

  it('cancelling the whole batch pull request cancels every certificate of it and says so in each history', async () => {
    const { repo, store, batch, build, rows } = await setup('local');
    const { bulkPublisher, service } = build(repo.target);
    await bulkPublisher.publishBatch(batch.id);
    const team0 = Object.values(await rows()).filter(r => r.team === 'team-0');
    const pr = team0[0].pullRequest!;

    await service.cancel(team0[1].id, ALICE, 'batch');

    const after = await rows();
    for (const r of team0) {
      expect(after[r.certificateName].state).toBe('cancelled');
      const messages = (await store.events(r.id)).map(e => e.message);
      expect(messages.join('\n')).toContain(
        `cancelled with the whole pull request of bulk request ${batch.id}`,
      );
    }
    expect(await repo.prState(pr.number)).toBe('closed');
    expect(await repo.fileAt(pr.branch, 'README.md')).toBeUndefined();
    for (const r of Object.values(after).filter(x => x.team === 'team-1'))
      expect(r.state).toBe('pr-open');
  });

  it.each(['local', 'github'] as const)(
    'on %s: a cancel racing the batch publish ends cancelled with its pull request closed, and touches nothing else',
    async kind => {
      const { repo, bulk, batch, build, rows } = await setup(kind);
      // A batch whose team-1 share is one certificate: cancelling it closes that pull request.
      const { batch: small } = await bulk.create({
        actor: ALICE,
        rows: [fleetRows(platform, 7)[5], fleetRows(platform, 7)[6]].map(
          (r, i) => ({ ...r, row: i }),
        ),
        rejected: [],
      });
      const gate = gated(repo.target);
      const racing = build(gate.target);
      const publishing = racing.bulkPublisher.publishBatch(small.id);
      await gate.reached;
      const victim = Object.values(await rows()).find(
        r => r.batchId === small.id && r.team === 'team-1',
      )!;

      // The cancel lands while the pull requests are being opened.
      await racing.service.cancel(victim.id, ALICE, 'request');
      gate.release();
      await publishing;

      const after = await rows();
      const v = after[victim.certificateName];
      expect(v.state).toBe('cancelled');
      expect(v.pullRequest?.state).toBe('closed');
      expect(await repo.prState(v.pullRequest!.number)).toBe('closed');
      const other = Object.values(after).find(
        r => r.batchId === small.id && r.team === 'team-0',
      )!;
      expect(other).toMatchObject({
        state: 'pr-open',
        pullRequest: { state: 'open' },
      });
      expect(await repo.prState(other.pullRequest!.number)).toBe('open');
      // The first batch was never touched.
      for (const r of Object.values(after).filter(x => x.batchId === batch.id))
        expect(r.state).toBe('pending');
    },
  );
});
