import { silentLogger } from '../../../../__testUtils__/silentLogger';
import { setupServer } from 'msw/node';
import { PublishProgress } from '../../../RequestStore';
import { ChangeSet } from '../../types';
import { GitHubTarget } from '../GitHubTarget';
import { FakeGitHub } from './fakeGitHub';

export type BenchRow = {
  case: string;
  calls: number;
  writes: number;
  prs?: number;
};

/** What app-config.production.yaml sets under certificates.gitops. */
const PRODUCTION_GITOPS = { labels: ['certificates'], reviewers: [] };

function changeSet(
  branch: string,
  files: Array<{ path: string; content: string }>,
  decoration: { labels: string[]; reviewers: string[] } = {
    labels: [],
    reviewers: [],
  },
): ChangeSet {
  return {
    branch,
    title: `Certificates on ${branch}`,
    body: () => 'bench',
    commitMessage: `Certificates on ${branch}\n\nbench`,
    files,
    ...decoration,
    author: {
      name: 'Backstage Certificates',
      email: 'certificates@backstage.local',
    },
  };
}

function certFile(team: string, name: string, version = 'v1') {
  return {
    path: `tenants/${team}/certificates/${name}.yaml`,
    content: `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ${name}\n  namespace: ${team}\n# ${version}\n`,
  };
}

/**
 * Counts the GitHub calls and writes of the GitHub target against the
 * stateful fake (no network, no sleeping).
 */
export async function runGithubCallBench(): Promise<BenchRow[]> {
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  const rows: BenchRow[] = [];
  try {
    const fresh = () => {
      const fake = new FakeGitHub().use(server);
      const target = new GitHubTarget({
        repoUrl: fake.repoUrl,
        baseBranch: 'main',
        apiBaseUrl: fake.api,
        credentials: {
          getCredentials: async () => ({
            type: 'token' as const,
            token: 'ghs_valid',
          }),
        },
        logger: silentLogger(),
        tuning: { retryAfterUnitMs: 1, spaceWrites: false },
      });
      return { fake, target };
    };
    const run = async (
      name: string,
      fake: FakeGitHub,
      fn: () => Promise<unknown>,
    ) => {
      const before = fake.counts();
      const prsBefore = fake.prs.length;
      await fn();
      const used = fake.since(before);
      rows.push({
        case: name,
        calls: used.calls,
        writes: used.writes,
        prs: fake.prs.length - prsBefore,
      });
    };

    for (const n of [1, 10, 100]) {
      const { fake, target } = fresh();
      const files = Array.from({ length: n }, (_, i) =>
        certFile('team-a', `cert-${i}`),
      );
      await run(`new PR, ${n} file(s)`, fake, () =>
        target.openPullRequest(
          changeSet('certificates/team-a/web', files),
          {},
          async () => {},
        ),
      );
    }

    for (const [name, decoration] of [
      ['production config: label certificates', PRODUCTION_GITOPS],
      [
        'labels and reviewers',
        { labels: ['certificates'], reviewers: ['alice', 'acme/platform'] },
      ],
    ] as const) {
      const { fake, target } = fresh();
      const files = [certFile('team-a', 'cert-0')];
      await run(`new PR, 1 file, ${name}`, fake, () =>
        target.openPullRequest(
          changeSet('certificates/team-a/web', files, {
            labels: [...decoration.labels],
            reviewers: [...decoration.reviewers],
          }),
          {},
          async () => {},
        ),
      );
    }

    {
      const { fake, target } = fresh();
      let progress: PublishProgress = {};
      const save = async (p: PublishProgress) => {
        progress = p;
      };
      const files = Array.from({ length: 10 }, (_, i) =>
        certFile('team-a', `cert-${i}`),
      );
      await target.openPullRequest(
        changeSet('certificates/team-a/web', files),
        progress,
        save,
      );
      await run('same request again (10 files, PR open)', fake, () =>
        target.openPullRequest(
          changeSet('certificates/team-a/web', files),
          progress,
          save,
        ),
      );
      const changed = files.map((f, i) =>
        i === 0 ? certFile('team-a', 'cert-0', 'v2') : f,
      );
      await run('changed request (1 of 10 files changed, PR open)', fake, () =>
        target.openPullRequest(
          changeSet('certificates/team-a/web', changed),
          progress,
          save,
        ),
      );
    }

    {
      // 500 certificates of 40 teams, one request (branch, PR) each, published as
      // PublishService does: one openPullRequest per request.
      const { fake, target } = fresh();
      const certs = Array.from({ length: 500 }, (_, i) => ({
        team: `team-${i % 40}`,
        name: `cert-${i}`,
      }));
      const refs: Array<Awaited<ReturnType<GitHubTarget['openPullRequest']>>> =
        [];
      await run('500 certificates / 40 teams: one PR each', fake, async () => {
        for (const c of certs) {
          const file = certFile(c.team, c.name);
          refs.push(
            await target.openPullRequest(
              changeSet(`certificates/${c.team}/${c.name}`, [file]),
              {},
              async () => {},
            ),
          );
        }
      });
      await run(
        '500 certificates: publish again, nothing changed',
        fake,
        async () => {
          for (const c of certs) {
            const file = certFile(c.team, c.name);
            await target.openPullRequest(
              changeSet(`certificates/${c.team}/${c.name}`, [file]),
              {},
              async () => {},
            );
          }
        },
      );
      await run('500 certificates: pullRequestStates of 500 PRs', fake, () =>
        target.pullRequestStates(refs),
      );
    }
  } finally {
    server.close();
  }
  return rows;
}
