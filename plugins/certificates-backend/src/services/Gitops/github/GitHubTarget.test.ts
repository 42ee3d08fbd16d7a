/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectExactlyOnePr", "expectBranchHolds"] }] */
import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import { PublishProgress } from '../../RequestStore';
import { createGitopsTarget } from '../createGitopsTarget';
import { ChangeSet, GitopsConfigurationError } from '../types';
import { FakeGitHub } from './__testUtils__/fakeGitHub';
import { gitBlobSha, GitHubTarget } from './GitHubTarget';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Every fake of a test: none may have received a document GitHub would refuse. */
const fakes: FakeGitHub[] = [];
function track(fake: FakeGitHub) {
  fakes.push(fake);
  return fake;
}
afterEach(() => {
  const rejected = fakes.flatMap(f => f.rejected);
  fakes.length = 0;
  if (rejected.length > 0)
    throw new Error(
      `GitHub would refuse these documents: ${JSON.stringify(rejected)}`,
    );
});

const BRANCH = 'certificates/team-a/web';
const TUNING = {
  retryAfterUnitMs: 1,
  requestTimeoutMs: 100,
  spaceWrites: false,
  retries: 3,
};

/** The calls of a new pull request without labels or reviewers, in order. */
const NEW_PR_OPS = [
  'graphql GitopsBranchState 200',
  'POST /git/refs 201',
  'graphql GitopsCommit 200',
  'POST /pulls 201',
];

function makeTarget(
  fake: FakeGitHub,
  tokens: string[] = ['ghs_valid'],
  tuning: Partial<typeof TUNING> = {},
) {
  const queue = [...tokens];
  const credentials = {
    getCredentials: jest.fn(async () => {
      const token = queue.length > 1 ? queue.shift()! : queue[0];
      return {
        type: 'app' as const,
        token,
        headers: { Authorization: `Bearer ${token}` },
      };
    }),
  };
  const logger = mockServices.logger.mock();
  const target = new GitHubTarget({
    repoUrl: fake.repoUrl,
    baseBranch: 'main',
    apiBaseUrl: fake.api,
    credentials,
    logger,
    tuning: { ...TUNING, ...tuning },
  });
  return { target, credentials, logger };
}

function changeSet(
  n = 1,
  version = 'v1',
  extra: Partial<ChangeSet> = {},
): ChangeSet {
  return {
    branch: BRANCH,
    title: 'Certificate web.example.com for team-a',
    body: paths => `Requested in Backstage\n${paths.join('\n')}`,
    commitMessage:
      'Certificate web.example.com for team-a\n\nBackstage certificate request r1',
    files: Array.from({ length: n }, (_, i) => ({
      path: `tenants/team-a/certificates/cert-${i}.yaml`,
      content: `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: cert-${i}\n# ${version}\n`,
    })),
    labels: [],
    reviewers: [],
    author: {
      name: 'Backstage Certificates',
      email: 'certificates@backstage.local',
    },
    ...extra,
  };
}

function progressStore(initial: PublishProgress = {}) {
  const store = {
    progress: initial,
    saves: [] as PublishProgress[],
    save: async (p: PublishProgress) => {
      store.progress = p;
      store.saves.push(p);
    },
  };
  return store;
}

async function publish(
  target: GitHubTarget,
  change: ChangeSet,
  store = progressStore(),
) {
  return target.openPullRequest(change, store.progress, store.save);
}

/** Publishes like the resume task: transient failures are tried again, configuration errors are final. */
async function publishUntilDone(
  target: GitHubTarget,
  change: ChangeSet,
  store = progressStore(),
  attempts = 3,
) {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await publish(target, change, store);
    } catch (error) {
      if (error instanceof GitopsConfigurationError) throw error;
      last = error;
    }
  }
  throw last;
}

function expectBranchHolds(fake: FakeGitHub, change: ChangeSet) {
  for (const f of change.files)
    expect(fake.fileAt(change.branch, f.path)).toBe(f.content);
}

function expectExactlyOnePr(
  fake: FakeGitHub,
  change: ChangeSet,
  forcePushes = 0,
) {
  const open = fake.openPrs().filter(p => p.head === change.branch);
  expect(open).toHaveLength(1);
  expect(
    fake.prs.filter(p => p.head === change.branch && p.state === 'open'),
  ).toHaveLength(1);
  expectBranchHolds(fake, change);
  expect(fake.forcePushes).toBe(forcePushes);
  expect(fake.pendingFaults).toBe(0);
  return open[0];
}

describe('gitBlobSha', () => {
  it('matches git hash-object', () => {
    // printf 'hello\n' | git hash-object --stdin
    expect(gitBlobSha('hello\n')).toBe(
      'ce013625030ba8dba906f756967f9e9ca394464a',
    );
    expect(gitBlobSha('')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});

/** What app-config.production.yaml sets under certificates.gitops (checked below). */
const PRODUCTION_GITOPS = {
  labels: ['certificates'],
  reviewers: [] as string[],
};

describe('GitHubTarget budget', () => {
  let fake: FakeGitHub;
  beforeEach(() => {
    fake = track(new FakeGitHub());
    fake.use(server);
  });

  it.each([1, 10, 100])(
    'opens a new pull request with %i files in 4 calls',
    async n => {
      const { target } = makeTarget(fake);
      const change = changeSet(n);
      const store = progressStore();
      const before = fake.counts();
      const pr = await publish(target, change, store);
      const used = fake.since(before);
      expect(used.ops).toEqual(NEW_PR_OPS);
      expect(used.writes).toBe(3);
      expect(pr).toEqual({
        number: 1,
        branch: BRANCH,
        state: 'open',
        url: 'https://github.com/acme/platform-gitops/pull/1',
      });
      expectExactlyOnePr(fake, change);
      expect(fake.commitsAhead(BRANCH)).toBe(1);
      expect(store.progress).toEqual({
        branch: BRANCH,
        commitSha: fake.refs.get(BRANCH),
        pullRequest: pr,
      });
      expect(fake.prs[0].title).toBe(change.title);
      expect(fake.prs[0].body).toBe(change.body(change.files.map(f => f.path)));
    },
  );

  it('answers the same request again with at most 2 reads and no write', async () => {
    const { target } = makeTarget(fake);
    const change = changeSet(10);
    const store = progressStore();
    const first = await publish(target, change, store);
    const head = fake.refs.get(BRANCH);
    const before = fake.counts();
    const again = await publish(target, change, store);
    const used = fake.since(before);
    expect(again).toEqual(first);
    expect(used.calls).toBeLessThanOrEqual(2);
    expect(used.writes).toBe(0);
    expect(fake.refs.get(BRANCH)).toBe(head);
  });

  it('adds one commit for a changed request, without force push', async () => {
    const { target } = makeTarget(fake);
    const store = progressStore();
    const first = await publish(target, changeSet(10, 'v1'), store);
    const oldHead = fake.refs.get(BRANCH)!;
    const changed = changeSet(10, 'v1');
    changed.files[3] = { ...changed.files[3], content: 'changed\n' };
    const before = fake.counts();
    const again = await publish(target, changed, store);
    const used = fake.since(before);
    expect(again).toEqual(first);
    expect(used.calls).toBeLessThanOrEqual(2);
    expect(used.writes).toBe(1);
    expect(fake.commits.get(fake.refs.get(BRANCH)!)!.parents).toEqual([
      oldHead,
    ]);
    expect(fake.commitsAhead(BRANCH)).toBe(2);
    expect(fake.forcePushes).toBe(0);
    expectExactlyOnePr(fake, changed);
    expect(store.progress.commitSha).toBe(fake.refs.get(BRANCH));
  });

  it('leaves out files already identical on the base', async () => {
    const change = changeSet(3);
    fake.push('main', { [change.files[0].path]: change.files[0].content });
    const { target } = makeTarget(fake);
    await publish(target, change);
    const head = fake.commits.get(fake.refs.get(BRANCH)!)!;
    const base = fake.commits.get(fake.refs.get('main')!)!;
    expect(
      [...head.tree.keys()].filter(p => head.tree.get(p) !== base.tree.get(p)),
    ).toEqual([change.files[1].path, change.files[2].path]);
    expectExactlyOnePr(fake, change);
  });

  it('holds the labels and reviewers app-config.production.yaml sets', () => {
    const production = fs.readFileSync(
      path.resolve(__dirname, '../../../../../../app-config.production.yaml'),
      'utf8',
    );
    const gitops = production.slice(production.indexOf('  gitops:'));
    expect(gitops).toMatch(/^ {4}labels: \[certificates\]$/m);
    expect(gitops).toMatch(/^ {4}reviewers: \[\]$/m);
  });

  it.each([
    [
      'the production configuration (label certificates, no reviewers)',
      PRODUCTION_GITOPS,
      [...NEW_PR_OPS, 'POST /issues/labels 200'],
    ],
    [
      'labels and reviewers',
      {
        labels: ['certificates', 'tls'],
        reviewers: ['alice', 'acme/platform'],
      },
      [
        ...NEW_PR_OPS,
        'POST /issues/labels 200',
        'POST /pulls/requested_reviewers 201',
      ],
    ],
  ])(
    'opens a new pull request with %s in one more call per kind',
    async (_, configured, ops) => {
      const { target } = makeTarget(fake);
      const change = changeSet(10, 'v1', configured);
      const before = fake.counts();
      await publish(target, change);
      expect(fake.since(before).ops).toEqual(ops);
      expect(fake.prs[0].labels).toEqual(configured.labels);
      expect(fake.prs[0].reviewers).toEqual(
        configured.reviewers.map(r => r.split('/').pop()),
      );
      // Publishing the same request again adds neither labels nor reviewers.
      const again = fake.counts();
      await publish(target, change);
      expect(fake.since(again).writes).toBe(0);
      expectExactlyOnePr(fake, change);
    },
  );

  it('adds labels and reviewers with one call each, only when configured, and only warns on failure', async () => {
    const { target, logger } = makeTarget(fake);
    const change = changeSet(1, 'v1', {
      labels: ['certificates'],
      reviewers: ['alice', 'acme/platform'],
    });
    fake.inject({
      op: 'POST /pulls/requested_reviewers',
      reply: {
        status: 422,
        body: { message: 'Reviews may only be requested from collaborators.' },
      },
    });
    const before = fake.counts();
    await publish(target, change);
    expect(fake.since(before).calls).toBe(6);
    expect(fake.prs[0].labels).toEqual(['certificates']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Reviews may only be requested'),
    );
    expectExactlyOnePr(fake, change);
  });

  it('reads the states of many pull requests in one query', async () => {
    const { target } = makeTarget(fake);
    for (const name of ['a', 'b', 'c'])
      await publish(target, {
        ...changeSet(1),
        branch: `certificates/team-a/${name}`,
      });
    fake.merge(2);
    fake.close(3);
    const before = fake.counts();
    const refs = [1, 2, 3, 99].map(number => ({
      number,
      url: '',
      branch: '',
      state: 'open' as const,
    }));
    const states = await target.pullRequestStates(refs);
    expect(fake.since(before).calls).toBe(1);
    expect(Object.fromEntries(states)).toEqual({
      1: 'open',
      2: 'merged',
      3: 'closed',
      99: 'open',
    });
  });

  it('reads base files, batching reads asked together', async () => {
    fake.push('main', {
      'tenants/team-a/a.yaml': 'a: 1\n',
      'tenants/team-a/b.yaml': 'b: 2\n',
    });
    const { target } = makeTarget(fake);
    const before = fake.counts();
    const [a, b, missing] = await Promise.all(
      [
        'tenants/team-a/a.yaml',
        'tenants/team-a/b.yaml',
        'tenants/team-a/none.yaml',
      ].map(p => target.readBaseFile(p)),
    );
    expect([a, b, missing]).toEqual(['a: 1\n', 'b: 2\n', undefined]);
    expect(fake.since(before).calls).toBe(1);
    expect(await target.readBaseFile('README.md')).toBe('# Platform GitOps\n');
  });

  it('honours the apiBaseUrl of GitHub Enterprise (REST and GraphQL)', async () => {
    const ghe = track(
      new FakeGitHub({
        host: 'ghe.example.com',
        apiBaseUrl: 'https://ghe.example.com/api/v3',
      }),
    );
    ghe.use(server);
    const { target } = makeTarget(ghe);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(ghe, change);
  });

  it('is built from config with credentials from integrations.github', async () => {
    const config = new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: 'ghs_valid' }] },
      certificates: {
        gitops: {
          target: 'github',
          baseBranch: 'main',
          github: { repoUrl: fake.repoUrl },
        },
      },
    });
    const target = await createGitopsTarget({
      config,
      logger: mockServices.logger.mock(),
    });
    expect(target).toBeInstanceOf(GitHubTarget);
    expect(target.kind).toBe('github');
    const change = changeSet(2);
    await target.openPullRequest(change, {}, async () => {});
    expectExactlyOnePr(fake, change);
  });

  it('refuses a repoUrl without a matching integration', () => {
    const config = new ConfigReader({
      certificates: {
        gitops: {
          target: 'github',
          github: { repoUrl: 'https://git.example.org/acme/gitops' },
        },
      },
    });
    expect(() =>
      GitHubTarget.fromConfig({ config, logger: mockServices.logger.mock() }),
    ).toThrow(GitopsConfigurationError);
  });
});

describe('GitHubTarget fault catalogue', () => {
  let fake: FakeGitHub;
  beforeEach(() => {
    fake = track(new FakeGitHub());
    fake.use(server);
  });

  const secondary = (status: number) => ({
    status,
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 1234.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: String(status),
    },
    headers: { 'retry-after': '60' },
  });

  it('1. 401 with a GitHub App: fetches the token again once', async () => {
    const { target, credentials } = makeTarget(fake, [
      'ghs_expired',
      'ghs_valid',
    ]);
    const change = changeSet(3);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(credentials.getCredentials).toHaveBeenCalledTimes(2);
  });

  it('1b. 401 that persists: a configuration error after one refresh', async () => {
    const { target, credentials } = makeTarget(fake, ['ghs_revoked']);
    await expect(publish(target, changeSet(1))).rejects.toThrow(
      GitopsConfigurationError,
    );
    expect(credentials.getCredentials).toHaveBeenCalledTimes(2);
    expect(fake.calls).toHaveLength(2);
    expect(fake.prs).toHaveLength(0);
  });

  it('2. 403 "Resource not accessible by integration": configuration error, no retry storm, no PR', async () => {
    fake.inject({
      op: 'POST /git/refs',
      reply: {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/git/refs#create-a-reference',
          status: '403',
        },
      },
    });
    const { target } = makeTarget(fake);
    await expect(publishUntilDone(target, changeSet(1))).rejects.toThrow(
      /not accessible by integration/,
    );
    await expect(publish(target, changeSet(1))).resolves.toBeDefined(); // the fault was one-shot: permission granted
    expect(
      fake.calls.filter(c => c.op === 'POST /git/refs' && c.status === 403),
    ).toHaveLength(1);
  });

  it('2b. GraphQL FORBIDDEN: configuration error, zero PRs', async () => {
    fake.inject({
      op: 'graphql GitopsBranchState',
      reply: {
        status: 200,
        body: {
          data: { repository: null },
          errors: [
            {
              type: 'FORBIDDEN',
              path: ['repository'],
              message: 'Resource not accessible by integration',
            },
          ],
        },
      },
    });
    const { target } = makeTarget(fake);
    const error = await publish(target, changeSet(1)).catch(e => e);
    expect(error).toBeInstanceOf(GitopsConfigurationError);
    expect(fake.calls).toHaveLength(1);
    expect(fake.prs).toHaveLength(0);
  });

  /*
   * Waits are measured on the fake's clock: with `retryAfterUnitMs: 5` a
   * `retry-after: 60` is 300 ms, far above what a retry without waiting
   * takes, so a client that ignored the header fails the lower bound.
   */
  it('3. 403 secondary rate limit with retry-after on a write: waits, then sends the write again', async () => {
    fake.inject({ op: 'POST /pulls', reply: secondary(403) });
    const { target } = makeTarget(fake, undefined, { retryAfterUnitMs: 5 });
    const change = changeSet(2);
    await publish(target, change);
    expect(fake.since({ calls: 0 }).ops).toEqual([
      'graphql GitopsBranchState 200',
      'POST /git/refs 201',
      'graphql GitopsCommit 200',
      'POST /pulls 403',
      'POST /pulls 201',
    ]);
    expect(fake.waitBefore(4)).toBeGreaterThanOrEqual(60 * 5);
    expectExactlyOnePr(fake, change);
  });

  it('4. 429 secondary rate limit with retry-after on a read: waits, then reads again', async () => {
    fake.inject({ op: 'graphql GitopsBranchState', reply: secondary(429) });
    const { target } = makeTarget(fake, undefined, { retryAfterUnitMs: 5 });
    const change = changeSet(2);
    await publish(target, change);
    expect(fake.since({ calls: 0 }).ops).toEqual([
      'graphql GitopsBranchState 429',
      ...NEW_PR_OPS,
    ]);
    expect(fake.waitBefore(1)).toBeGreaterThanOrEqual(60 * 5);
    expectExactlyOnePr(fake, change);
  });

  it('5. primary rate limit with x-ratelimit-reset', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 2; // at least 2 s from now
    fake.inject({
      op: 'POST /git/refs',
      reply: {
        status: 403,
        body: {
          message: 'API rate limit exceeded for installation ID 4242.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
        },
      },
    });
    const { target } = makeTarget(fake, undefined, { retryAfterUnitMs: 100 });
    const change = changeSet(2);
    await publish(target, change);
    expect(fake.since({ calls: 0 }).ops).toEqual([
      'graphql GitopsBranchState 200',
      'POST /git/refs 403',
      'POST /git/refs 201',
      'graphql GitopsCommit 200',
      'POST /pulls 201',
    ]);
    // Until the reset: at least 2 "seconds" of 100 ms each.
    expect(fake.waitBefore(2)).toBeGreaterThanOrEqual(2 * 100);
    expectExactlyOnePr(fake, change);
  });

  it('5b. a rate limit asking to wait too long fails the attempt; the next attempt opens the PR', async () => {
    fake.inject({
      op: 'POST /pulls',
      reply: { ...secondary(403), headers: { 'retry-after': '3600' } },
    });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    const store = progressStore();
    const started = performance.now();
    await expect(publish(target, change, store)).rejects.not.toThrow(
      GitopsConfigurationError,
    );
    // Gave up at once (no hour-long wait, no second POST), then the next attempt opens it.
    expect(performance.now() - started).toBeLessThan(3600);
    expect(fake.since({ calls: 0 }).ops.slice(-1)).toEqual(['POST /pulls 403']);
    await publish(target, change, store);
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });

  it('6. 404 repository: configuration error, zero PRs', async () => {
    fake.exists = false;
    const { target } = makeTarget(fake);
    const error = await publishUntilDone(target, changeSet(1)).catch(e => e);
    expect(error).toBeInstanceOf(GitopsConfigurationError);
    expect(error.message).toMatch(/acme\/platform-gitops not found/);
    expect(fake.calls).toHaveLength(1);
    expect(fake.prs).toHaveLength(0);
  });

  it('7. 409 empty repository: configuration error, zero PRs', async () => {
    fake.empty = true;
    fake.refs.clear();
    const { target } = makeTarget(fake);
    const error = await publishUntilDone(target, changeSet(1)).catch(e => e);
    expect(error).toBeInstanceOf(GitopsConfigurationError);
    expect(error.message).toMatch(/empty/);
    expect(fake.calls).toHaveLength(1);
    expect(fake.prs).toHaveLength(0);
  });

  it('7b. REST 409 "Git Repository is empty." on the ref: configuration error', async () => {
    fake.inject({
      op: 'POST /git/refs',
      reply: {
        status: 409,
        body: {
          message: 'Git Repository is empty.',
          documentation_url:
            'https://docs.github.com/rest/git/refs#create-a-reference',
          status: '409',
        },
      },
    });
    const { target } = makeTarget(fake);
    await expect(publish(target, changeSet(1))).rejects.toThrow(
      GitopsConfigurationError,
    );
    expect(fake.calls).toHaveLength(2);
    expect(fake.prs).toHaveLength(0);
  });

  it('8. 422 "Reference already exists" (created meanwhile) converges to the branch', async () => {
    fake.inject({
      op: 'POST /git/refs',
      applied: true,
      reply: {
        status: 422,
        body: {
          message: 'Reference already exists',
          documentation_url:
            'https://docs.github.com/rest/git/refs#create-a-reference',
          status: '422',
        },
      },
    });
    const { target } = makeTarget(fake);
    const change = changeSet(3);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });

  it('9. 422 "A pull request already exists" converges to the existing PR', async () => {
    fake.inject({
      op: 'POST /pulls',
      applied: true,
      reply: {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for acme:${BRANCH}.`,
            },
          ],
          documentation_url:
            'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
          status: '422',
        },
      },
    });
    const { target } = makeTarget(fake);
    const change = changeSet(3);
    const store = progressStore();
    const pr = await publish(target, change, store);
    expect(pr.number).toBe(1);
    expect(store.progress.pullRequest?.number).toBe(1);
    expectExactlyOnePr(fake, change);
  });

  it('10. expectedHeadOid mismatch (someone pushed meanwhile): commits on top, never force', async () => {
    const { target } = makeTarget(fake);
    const store = progressStore();
    await publish(target, changeSet(3, 'v1'), store);
    fake.inject({
      op: 'graphql GitopsCommit',
      before: () =>
        fake.push(BRANCH, { 'tenants/team-a/notes.md': 'reviewer note\n' }),
    });
    const changed = changeSet(3, 'v2');
    await publish(target, changed, store);
    expectExactlyOnePr(fake, changed);
    expect(fake.fileAt(BRANCH, 'tenants/team-a/notes.md')).toBe(
      'reviewer note\n',
    );
    expect(fake.commitsAhead(BRANCH)).toBe(3);
    expect(store.progress.commitSha).toBe(fake.refs.get(BRANCH));
  });

  it('10b. 422 "Update is not a fast forward" on the ref update of a stale branch: the next attempt succeeds', async () => {
    const { target } = makeTarget(fake);
    await publish(target, changeSet(1, 'old'));
    fake.close(1);
    fake.inject({
      op: 'PATCH /git/refs',
      reply: {
        status: 422,
        body: {
          message: 'Update is not a fast forward',
          documentation_url:
            'https://docs.github.com/rest/git/refs#update-a-reference',
          status: '422',
        },
      },
    });
    const change = changeSet(1, 'new');
    await publishUntilDone(target, change);
    expect(fake.openPrs()).toHaveLength(1);
    expectBranchHolds(fake, change);
    expect(fake.pendingFaults).toBe(0);
  });

  it('11. 5xx on a read is retried, after a backoff each time', async () => {
    fake.inject({
      op: 'graphql GitopsBranchState',
      reply: { status: 502, body: { message: 'Server Error' } },
      times: 2,
    });
    // The retry plugin waits at least retryAfterUnitMs / 4 (100 ms here) before each retry.
    const { target } = makeTarget(fake, undefined, { retryAfterUnitMs: 400 });
    const change = changeSet(2);
    await publish(target, change);
    expect(fake.since({ calls: 0 }).ops).toEqual([
      'graphql GitopsBranchState 502',
      'graphql GitopsBranchState 502',
      ...NEW_PR_OPS,
    ]);
    expect(fake.waitBefore(1)).toBeGreaterThanOrEqual(100);
    expect(fake.waitBefore(2)).toBeGreaterThanOrEqual(100);
    expectExactlyOnePr(fake, change);
  });

  it('11b. GraphQL "Something went wrong" on a read is retried', async () => {
    fake.inject({
      op: 'graphql GitopsBranchState',
      reply: {
        status: 200,
        body: {
          data: null,
          errors: [
            {
              message:
                'Something went wrong while executing your query. Please include `ABCD` when reporting this issue.',
            },
          ],
        },
      },
    });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
  });

  it('12. 5xx on POST /pulls that GitHub had applied: reads, does not open a second PR', async () => {
    fake.inject({
      op: 'POST /pulls',
      applied: true,
      reply: { status: 502, body: { message: 'Server Error' } },
    });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(fake.calls.filter(c => c.op === 'POST /pulls')).toHaveLength(1);
  });

  it('12b. 5xx on createCommitOnBranch that GitHub had applied: no second commit', async () => {
    fake.inject({
      op: 'graphql GitopsCommit',
      applied: true,
      reply: { status: 500, body: { message: 'Server Error' } },
    });
    const { target } = makeTarget(fake);
    const change = changeSet(5);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });

  it('13. timeout on POST /git/refs that GitHub had applied: converges to the branch', async () => {
    fake.inject({ op: 'POST /git/refs', applied: true, reply: 'timeout' });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(fake.calls.filter(c => c.op === 'POST /git/refs')).toHaveLength(1);
  });

  it('13b. timeout on createCommitOnBranch that GitHub had applied: no second commit', async () => {
    fake.inject({
      op: 'graphql GitopsCommit',
      applied: true,
      reply: 'timeout',
    });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });

  it('13c. timeout on POST /pulls that GitHub had applied: one PR', async () => {
    fake.inject({ op: 'POST /pulls', applied: true, reply: 'timeout' });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
  });

  it('14. connection reset on a write that was not applied: read, then write again', async () => {
    fake.inject({ op: 'POST /pulls', reply: 'reset' });
    const { target } = makeTarget(fake);
    const change = changeSet(2);
    await publish(target, change);
    expectExactlyOnePr(fake, change);
    expect(fake.calls.filter(c => c.op === 'POST /pulls')).toHaveLength(2);
  });

  it('14b. connection reset on a read is retried after a wait', async () => {
    fake.inject({ op: 'graphql GitopsBranchState', reply: 'reset' });
    const { target } = makeTarget(fake, undefined, { retryAfterUnitMs: 400 });
    const change = changeSet(2);
    await publish(target, change);
    expect(fake.since({ calls: 0 }).ops).toEqual([
      'graphql GitopsBranchState reset',
      ...NEW_PR_OPS,
    ]);
    expect(fake.waitBefore(1)).toBeGreaterThanOrEqual(100);
    expectExactlyOnePr(fake, change);
  });

  it('15. crash after the commit, before the PR: resumes with the saved progress', async () => {
    const change = changeSet(4);
    const store = progressStore();
    const crashing = async (p: PublishProgress) => {
      await store.save(p);
      if (p.commitSha && !p.pullRequest) throw new Error('process killed');
    };
    await expect(
      makeTarget(fake).target.openPullRequest(change, store.progress, crashing),
    ).rejects.toThrow('process killed');
    expect(fake.prs).toHaveLength(0);
    const before = fake.counts();
    await publish(makeTarget(fake).target, change, store); // after a restart
    expect(fake.since(before)).toMatchObject({ calls: 2, writes: 1 });
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });

  it('15b. crash after the branch, before the commit: resumes on the same branch', async () => {
    const change = changeSet(4);
    const store = progressStore();
    const crashing = async (p: PublishProgress) => {
      await store.save(p);
      if (p.branch && !p.commitSha) throw new Error('process killed');
    };
    await expect(
      makeTarget(fake).target.openPullRequest(change, store.progress, crashing),
    ).rejects.toThrow('process killed');
    const before = fake.counts();
    await publish(makeTarget(fake).target, change, store);
    expect(fake.since(before)).toMatchObject({ calls: 3, writes: 2 });
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });

  it('16. a PR closed unmerged, then resubmitted: a fresh branch from the base and one new PR', async () => {
    const { target } = makeTarget(fake);
    const first = progressStore();
    await publish(target, changeSet(2, 'v1'), first);
    fake.close(1);
    const change = changeSet(2, 'v2');
    const pr = await publish(target, change, progressStore());
    expect(pr.number).toBe(2);
    // The closed PR's branch (no open PR shows it) is moved back to the base, like the local target.
    expectExactlyOnePr(fake, change, 1);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
    expect(fake.commits.get(fake.refs.get(BRANCH)!)!.parents).toEqual([
      fake.refs.get('main'),
    ]);
  });

  it('17. a merged PR, then the same certificate changed: a new PR on top of the new base', async () => {
    const { target } = makeTarget(fake);
    await publish(target, changeSet(2, 'v1'));
    fake.merge(1);
    const change = changeSet(2, 'v2');
    const pr = await publish(target, change, progressStore());
    expect(pr.number).toBe(2);
    expectExactlyOnePr(fake, change);
    expect(fake.commitsAhead(BRANCH)).toBe(1);
  });
});

describe('the fake GitHub is as strict as GitHub', () => {
  let fake: FakeGitHub;
  beforeEach(() => {
    fake = new FakeGitHub();
    fake.use(server);
  });

  const graphql = async (query: string, variables: object = {}) => {
    const response = await fetch(`${fake.api}/graphql`, {
      method: 'POST',
      headers: { authorization: 'bearer ghs_valid' },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  const REPO = { owner: 'acme', name: 'platform-gitops' };

  it('refuses a field, an argument or a variable type that GitHub does not have', async () => {
    const unknownField = await graphql(
      'query Q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { isEmptyy } }',
      REPO,
    );
    expect(unknownField.data).toBeUndefined();
    expect(unknownField.errors[0].message).toBe(
      'Cannot query field "isEmptyy" on type "Repository". Did you mean "isEmpty"?',
    );
    const wrongType = await graphql(
      'query Q($owner: String!, $name: String!, $n: String!) { repository(owner: $owner, name: $name) { pullRequest(number: $n) { number } } }',
      { ...REPO, n: '1' },
    );
    expect(wrongType.errors[0].message).toMatch(
      /Variable "\$n" of type "String!" used in position expecting type "Int!"/,
    );
    expect(fake.rejected).toHaveLength(2);
  });

  it('checks every variable: declared, provided, and of its declared type', async () => {
    const undeclared = await graphql(
      'query Q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { isEmpty } }',
      { ...REPO, extra: 'x' },
    );
    expect(undeclared.errors[0].message).toBe(
      'Variable $extra is provided but not declared by Q',
    );
    const missing = await graphql(
      'query Q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { isEmpty } }',
      { owner: 'acme' },
    );
    expect(missing.errors[0].message).toMatch(
      /Variable "\$name" of required type "String!" was not provided/,
    );
    const badInput = await graphql(
      'mutation M($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }',
      {
        input: {
          branch: { repositoryNameWithOwner: 'acme/platform-gitops' },
          expectedHeadOid: fake.refs.get('main'),
          message: { headline: 'x' },
          fileChanges: { additions: [{ path: 'a', content: 'eA==' }] },
        },
      },
    );
    expect(badInput.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(
        /Field "contents" of required type "Base64String!" was not provided/,
      ),
      expect.stringMatching(
        /Field "content" is not defined by type "FileAddition"/,
      ),
    ]);
    expect(fake.rejected).toHaveLength(3);
    expect(fake.commits.size).toBe(1);
  });

  it('answers only for its own repository (GraphQL and REST)', async () => {
    const other = await graphql(
      'query Q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { isEmpty } }',
      { owner: 'acme', name: 'other' },
    );
    expect(other).toEqual({
      data: { repository: null },
      errors: [
        expect.objectContaining({
          type: 'NOT_FOUND',
          path: ['repository'],
          message:
            "Could not resolve to a Repository with the name 'acme/other'.",
        }),
      ],
    });
    const rest = await fetch(`${fake.api}/repos/evil/platform-gitops/pulls`, {
      headers: { authorization: 'bearer ghs_valid' },
    });
    expect(rest.status).toBe(404);
    const { target } = makeTarget(fake);
    const elsewhere = new GitHubTarget({
      repoUrl: 'https://github.com/acme/other-repo',
      baseBranch: 'main',
      apiBaseUrl: fake.api,
      credentials: {
        getCredentials: async () => ({ type: 'token', token: 'ghs_valid' }),
      },
      logger: mockServices.logger.mock(),
      tuning: TUNING,
    });
    await expect(publish(elsewhere, changeSet(1))).rejects.toThrow(
      GitopsConfigurationError,
    );
    expect(fake.prs).toHaveLength(0);
    await publish(target, changeSet(1));
    expect(fake.prs).toHaveLength(1);
  });

  it('honours the states of a pull request query', async () => {
    const { target } = makeTarget(fake);
    for (const name of ['a', 'b', 'c'])
      await publish(target, {
        ...changeSet(1),
        branch: `certificates/team-a/${name}`,
      });
    fake.merge(2);
    fake.close(3);
    const numbers = async (states: string) =>
      (
        await graphql(
          `query Q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { pullRequests(states: ${states}, first: 10) { nodes { number state } } } }`,
          REPO,
        )
      ).data.repository.pullRequests.nodes;
    expect(await numbers('[OPEN]')).toEqual([{ number: 1, state: 'OPEN' }]);
    expect(await numbers('[MERGED]')).toEqual([{ number: 2, state: 'MERGED' }]);
    expect(await numbers('[CLOSED, MERGED]')).toEqual([
      { number: 2, state: 'MERGED' },
      { number: 3, state: 'CLOSED' },
    ]);
    // A closed pull request's branch is not "open": the next publish starts a new one.
    const again = await publish(target, {
      ...changeSet(1, 'v2'),
      branch: 'certificates/team-a/c',
    });
    expect(again.number).toBe(4);
  });
});
