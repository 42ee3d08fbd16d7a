import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createPlatformModel,
  parseCertificateRequest,
  PullRequestRef,
  resolveCertificateRequest,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SetupServer } from 'msw/node';
import { testCertificatesConfig } from '../../../__testUtils__/testBackend';
import { GitopsTarget, LocalGitTarget } from '../../Gitops';
import { GitHubTarget } from '../../Gitops/github';
import { FakeGitHub } from '../../Gitops/github/__testUtils__/fakeGitHub';
import { createPublishService, PublishService } from '../../PublishService';
import { RetryPolicy } from '../../PublishService/retryPolicy';
import { KnexRequestStore, PublishProgress } from '../../RequestStore';
import { KnexLifecycleStore } from '../../RequestStore/lifecycleStore';
import { createLifecycleService, LifecycleService } from '..';
import { BulkPublisher, createBulkPublisher, KnexBulkStore } from '../../Bulk';

export const platform = createPlatformModel(testCertificatesConfig('/unused'));

/** A request of team-a in example.com, resolved as the API would. */
export function resolved(
  subdomain: string,
  extra: Record<string, unknown> = {},
): ResolvedCertificateRequest {
  const parsed = parseCertificateRequest({
    team: 'team-a',
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

/** Where a test makes the next target call fail ("the process was killed here"). */
export type Crash =
  | { at: 'publish'; error: Error }
  | { at: 'after-save'; step: keyof PublishProgress; error: Error }
  | { at: 'close'; error: Error };

/**
 * Counts the target's operations and injects crashes between its steps:
 * `after-save` throws right after the target saved a step's progress, as a
 * process killed there would leave it.
 */
export function instrument(target: GitopsTarget) {
  const counts = { open: 0, close: 0, states: 0 };
  const crashes: Crash[] = [];
  const wrapped: GitopsTarget = {
    kind: target.kind,
    readBaseFile: p => target.readBaseFile(p),
    async pullRequestStates(prs) {
      counts.states++;
      return target.pullRequestStates(prs);
    },
    async openPullRequest(change, progress, save) {
      counts.open++;
      const crash = crashes.find(c => c.at !== 'close');
      if (crash) crashes.splice(crashes.indexOf(crash), 1);
      if (crash?.at === 'publish') throw crash.error;
      return target.openPullRequest(change, progress, async p => {
        await save(p);
        if (crash?.at === 'after-save' && p[crash.step] !== undefined)
          throw crash.error;
      });
    },
    async closePullRequest(branch) {
      counts.close++;
      const crash = crashes.find(c => c.at === 'close');
      if (crash) {
        crashes.splice(crashes.indexOf(crash), 1);
        throw crash.error;
      }
      return target.closePullRequest(branch);
    },
  };
  return { target: wrapped, counts, crashes };
}

/** What every test sees of a pull request, whichever target holds it. */
export type PrView = {
  number: number;
  branch: string;
  state: 'open' | 'closed' | 'merged';
  title: string;
  body: string;
};

export type Harness = {
  kind: 'local' | 'github';
  store: KnexRequestStore;
  lifecycle: KnexLifecycleStore;
  publisher: PublishService;
  bulk: KnexBulkStore;
  bulkPublisher: BulkPublisher;
  service: LifecycleService;
  counts: ReturnType<typeof instrument>['counts'];
  crashes: Crash[];
  /** HTTP calls and writes on GitHub (zero on the local target). */
  http(): { calls: number; writes: number };
  prs(): Promise<PrView[]>;
  merge(pr: PullRequestRef): Promise<void>;
  approve(number: number): Promise<void>;
  baseFile(file: string): Promise<string | undefined>;
  branchExists(branch: string): Promise<boolean>;
  /** Moves the clock of stores and publisher. */
  tick(ms: number): void;
  /** A second backend instance on the same database and repository. */
  secondPublisher(): PublishService;
};

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TUNING = {
  retryAfterUnitMs: 1,
  requestTimeoutMs: 200,
  spaceWrites: false,
  retries: 3,
};

export const TEST_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 10_000,
  maxDelayMs: 60_000,
  leaseMs: 60_000,
};

async function localTarget() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-life-'));
  const local = await LocalGitTarget.create({ dir, baseBranch: 'main' });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  return {
    target: local as GitopsTarget,
    http: () => ({ calls: 0, writes: 0 }),
    prs: async (): Promise<PrView[]> =>
      (await local.pullRequests()).map(p => ({
        number: p.number,
        branch: p.branch,
        state: p.state,
        title: p.title,
        body: p.body,
      })),
    mergeOnTarget: (pr: PullRequestRef) => local.merge(pr),
    approve: (n: number) => local.approve(n),
    branchExists: async (branch: string) => {
      try {
        git('rev-parse', '--verify', '--quiet', `refs/heads/${branch}`);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function githubTarget(server: SetupServer) {
  const fake = new FakeGitHub();
  fake.use(server);
  const target = new GitHubTarget({
    repoUrl: fake.repoUrl,
    baseBranch: 'main',
    apiBaseUrl: fake.api,
    credentials: {
      getCredentials: async () => ({
        type: 'app' as const,
        token: 'ghs_valid',
        headers: { Authorization: 'Bearer ghs_valid' },
      }),
    },
    logger: mockServices.logger.mock(),
    tuning: TUNING,
  });
  return {
    fake,
    target: target as GitopsTarget,
    http: () => fake.counts(),
    prs: async (): Promise<PrView[]> =>
      fake.prs.map(p => ({
        number: p.number,
        branch: p.head,
        state: p.merged ? 'merged' : p.state,
        title: p.title,
        body: p.body,
      })),
    mergeOnTarget: async (pr: PullRequestRef) => fake.merge(pr.number),
    approve: async (n: number) => fake.approve(n),
    branchExists: async (branch: string) => fake.refs.has(branch),
  };
}

export async function createHarness(
  kind: 'local' | 'github',
  server: SetupServer,
): Promise<Harness & { fake?: FakeGitHub }> {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@internal/plugin-certificates-backend',
      'migrations',
    ),
  });
  let clock = Date.parse('2026-12-02T10:00:00Z');
  const now = () => new Date(clock);
  const store = new KnexRequestStore(knex, now);
  const lifecycle = new KnexLifecycleStore(knex, store, now);
  const github = kind === 'github' ? githubTarget(server) : undefined;
  const side = github ?? (await localTarget());
  const { target, counts, crashes } = instrument(side.target);
  const makePublisher = () =>
    createPublishService({
      store,
      lifecycle,
      gitops: target,
      platform,
      logger: mockServices.logger.mock(),
      retry: TEST_RETRY,
      now,
    });
  const publisher = makePublisher();
  const bulk = new KnexBulkStore(knex, now);
  const bulkPublisher = createBulkPublisher({
    store,
    lifecycle,
    bulk,
    gitops: target,
    platform,
    logger: mockServices.logger.mock(),
  });
  const service = createLifecycleService({
    store,
    lifecycle,
    publisher,
    batches: bulkPublisher,
    logger: mockServices.logger.mock(),
  });
  return {
    kind,
    fake: github?.fake,
    store,
    lifecycle,
    publisher,
    bulk,
    bulkPublisher,
    service,
    counts,
    crashes,
    http: side.http,
    prs: side.prs,
    approve: side.approve,
    branchExists: side.branchExists,
    baseFile: p => side.target.readBaseFile(p),
    async merge(pr) {
      await side.mergeOnTarget(pr);
      await publisher.refreshPullRequests();
    },
    tick(ms) {
      clock += ms;
    },
    secondPublisher: makePublisher,
  };
}
