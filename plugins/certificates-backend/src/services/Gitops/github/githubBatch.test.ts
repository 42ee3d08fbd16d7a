import { buildSchema, parse, validate } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { PublishProgress } from '../../RequestStore';
import { PullRequestJob } from '../batchTypes';
import { ChangeSet } from '../types';
import { aliasedMutation, batchStateQuery } from './batchDocuments';
import { FakeGitHub } from './__testUtils__/fakeGitHub';
import { fakeGitHubTarget } from './__testUtils__/fakeGitHubTarget';

/** GitHub's public schema, as @octokit/graphql-schema ships it (its exports are ESM-only, so found by path). */
function githubSchemaPath(): string {
  for (
    let dir = __dirname;
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const candidate = path.join(
      dir,
      'node_modules/@octokit/graphql-schema/schema.graphql',
    );
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('@octokit/graphql-schema is not installed');
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function makeTarget(fake: FakeGitHub, mutationsPerCall = 10) {
  return fakeGitHubTarget(fake, {
    tuning: { retryAfterUnitMs: 1, requestTimeoutMs: 200, spaceWrites: false },
    batch: { mutationsPerCall },
  });
}

function job(
  team: string,
  certificates: number,
  store: Map<string, PublishProgress>,
  extra: Partial<ChangeSet> = {},
): PullRequestJob {
  const branch = `certificates/${team}/batch-1`;
  return {
    change: {
      branch,
      title: `${certificates} certificates for ${team}`,
      body: paths => `Files:\n${paths.join('\n')}`,
      commitMessage: `${certificates} certificates for ${team}\n\nbulk request 1`,
      files: [
        { path: `tenants/${team}/namespace.yaml`, content: `name: ${team}\n` },
        ...Array.from({ length: certificates }, (_, i) => ({
          path: `tenants/${team}/certificates/c${i}/certificate.yaml`,
          content: `name: c${i}\nnamespace: ${team}\n`,
        })),
      ],
      labels: [],
      reviewers: [],
      author: { name: 'Backstage Certificates', email: 'c@backstage.local' },
      ...extra,
    },
    progress: store.get(branch) ?? {},
    saveProgress: async p => {
      store.set(branch, p);
    },
  };
}

describe('GitHubBatch', () => {
  it('opens one pull request per job with one read and aliased writes', async () => {
    const fake = new FakeGitHub().use(server);
    const saved = new Map<string, PublishProgress>();
    const jobs = ['team-a', 'team-b', 'team-c'].map(t =>
      job(t, 5, saved, {
        labels: ['certificates'],
        reviewers: ['alice', 'acme/platform'],
      }),
    );
    const results = await makeTarget(fake).openPullRequests(jobs);

    expect(results.map(r => r.ok)).toEqual([true, true, true]);
    expect(
      fake
        .openPrs()
        .map(p => p.head)
        .sort(),
    ).toEqual(jobs.map(j => j.change.branch));
    for (const pr of fake.openPrs()) {
      expect(pr.labels).toEqual(['certificates']);
      expect(pr.reviewers.sort()).toEqual(['alice', 'platform']);
      expect(fake.commitsAhead(pr.head)).toBe(1);
      expect(
        fake.fileAt(
          pr.head,
          `tenants/${pr.head.split('/')[1]}/certificates/c4/certificate.yaml`,
        ),
      ).toContain('name: c4');
    }
    // read, branches + commits (6 mutations), pull requests, labels + reviewers
    expect(fake.calls.map(c => c.op)).toEqual([
      'graphql GitopsBatchState',
      'graphql GitopsBatchBranches',
      'graphql GitopsBatchPullRequests',
      'graphql GitopsBatchDecorate',
    ]);
    expect(
      [...saved.values()].every(p => p.pullRequest?.state === 'open'),
    ).toBe(true);
  });

  it('publishes nothing twice when run again', async () => {
    const fake = new FakeGitHub().use(server);
    const saved = new Map<string, PublishProgress>();
    const target = makeTarget(fake);
    await target.openPullRequests(
      ['team-a', 'team-b'].map(t => job(t, 2, saved)),
    );
    const before = fake.counts();
    const again = await target.openPullRequests(
      ['team-a', 'team-b'].map(t => job(t, 2, saved)),
    );
    expect(again.every(r => r.ok)).toBe(true);
    expect(fake.since(before)).toMatchObject({ calls: 1, writes: 0 });
    expect(fake.prs).toHaveLength(2);
  });

  it('reads before writing again after a commit document was applied but not answered', async () => {
    const fake = new FakeGitHub().use(server);
    fake.inject({
      op: 'graphql GitopsBatchBranches',
      applied: true,
      reply: { status: 502, body: { message: 'Bad Gateway' } },
    });
    const saved = new Map<string, PublishProgress>();
    const results = await makeTarget(fake).openPullRequests(
      ['team-a', 'team-b'].map(t => job(t, 2, saved)),
    );
    expect(results.every(r => r.ok)).toBe(true);
    expect(fake.prs).toHaveLength(2);
    expect(fake.forcePushes).toBe(0);
    for (const pr of fake.prs) expect(fake.commitsAhead(pr.head)).toBe(1);
  });

  it('waits out a secondary rate limit on a mutation document and opens each pull request once', async () => {
    const fake = new FakeGitHub().use(server);
    fake.inject({
      op: 'graphql GitopsBatchPullRequests',
      reply: {
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api',
        },
        headers: { 'retry-after': '1' },
      },
    });
    const saved = new Map<string, PublishProgress>();
    const results = await makeTarget(fake).openPullRequests(
      ['team-a', 'team-b'].map(t => job(t, 2, saved)),
    );
    expect(results.every(r => r.ok)).toBe(true);
    expect(fake.prs).toHaveLength(2);
    expect(
      fake.calls
        .filter(c => c.op === 'graphql GitopsBatchPullRequests')
        .map(c => c.status),
    ).toEqual([403, 200]);
    // The throttling plugin waited and sent it again: no second read-plan-write round was needed.
    expect(
      fake.calls.filter(c => c.op === 'graphql GitopsBatchState'),
    ).toHaveLength(1);
  });

  it('leaves out files identical on the base and lists only the differing ones', async () => {
    const fake = new FakeGitHub().use(server);
    fake.push('main', { 'tenants/team-a/namespace.yaml': 'name: team-a\n' });
    const saved = new Map<string, PublishProgress>();
    await makeTarget(fake).openPullRequests([job('team-a', 1, saved)]);
    const [pr] = fake.prs;
    expect(pr.body).not.toContain('namespace.yaml');
    expect(pr.body).toContain(
      'tenants/team-a/certificates/c0/certificate.yaml',
    );
  });

  it('reads the base tree once when the batch has many paths', async () => {
    const fake = new FakeGitHub().use(server);
    const saved = new Map<string, PublishProgress>();
    const jobs = Array.from({ length: 6 }, (_, t) =>
      job(`team-${t}`, 60, saved),
    );
    const results = await makeTarget(fake, 20).openPullRequests(jobs);
    expect(results.every(r => r.ok)).toBe(true);
    expect(fake.calls.filter(c => c.op === 'GET /git/trees')).toHaveLength(1);
    expect(fake.prs).toHaveLength(6);
  });

  it("writes documents that GitHub's schema accepts", () => {
    const schema = buildSchema(fs.readFileSync(githubSchemaPath(), 'utf8'), {
      assumeValidSDL: true,
    });
    const documents = [
      batchStateQuery({
        owner: 'acme',
        name: 'gitops',
        baseBranch: 'main',
        branches: ['a', 'b'],
        labels: ['certificates'],
        users: ['alice'],
        teams: ['platform'],
        paths: ['x.yaml'],
      }).query,
      aliasedMutation('GitopsBatchAll', [
        {
          alias: 'ref0',
          field: 'createRef',
          input: { repositoryId: 'R', name: 'refs/heads/a', oid: 'x' },
        },
        {
          alias: 'commit0',
          field: 'createCommitOnBranch',
          input: {
            branch: { repositoryNameWithOwner: 'a/b', branchName: 'a' },
            expectedHeadOid: 'x',
            message: { headline: 'h' },
            fileChanges: { additions: [] },
          },
        },
        {
          alias: 'pr0',
          field: 'createPullRequest',
          input: {
            repositoryId: 'R',
            baseRefName: 'main',
            headRefName: 'a',
            title: 't',
            body: 'b',
          },
        },
        {
          alias: 'label0',
          field: 'addLabelsToLabelable',
          input: { labelableId: 'P', labelIds: ['L'] },
        },
        {
          alias: 'review0',
          field: 'requestReviews',
          input: { pullRequestId: 'P', userIds: [], teamIds: [], union: true },
        },
      ]).query,
    ];
    for (const doc of documents)
      expect(validate(schema, parse(doc)).map(e => e.message)).toEqual([]);
  });
});
