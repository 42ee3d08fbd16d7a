import { setupServer } from 'msw/node';
import { PublishProgress } from '../../../RequestStore';
import { ChangeSet } from '../../types';
import { FakeGitHub } from './fakeGitHub';
import { fakeGitHubTarget } from './fakeGitHubTarget';

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
 * stateful fake (no network, no sleeping). Each case checks its outcome
 * (pull requests opened, states read, no document GitHub would refuse)
 * before its figures count.
 */
export async function runGithubCallBench(
  options: { certificates?: number; teams?: number } = {},
): Promise<BenchRow[]> {
  const certificates = options.certificates ?? 500;
  const teams = options.teams ?? 40;
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  const rows: BenchRow[] = [];
  try {
    const fresh = () => {
      const fake = new FakeGitHub().use(server);
      const target = fakeGitHubTarget(fake);
      return { fake, target };
    };
    const run = async (
      name: string,
      fake: FakeGitHub,
      fn: () => Promise<unknown>,
      expectedPrs: number,
    ) => {
      const before = fake.counts();
      const prsBefore = fake.prs.length;
      await fn();
      const used = fake.since(before);
      const opened = fake.prs.length - prsBefore;
      if (opened !== expectedPrs || fake.rejected.length > 0)
        throw new Error(
          `github bench "${name}": ${opened} pull requests opened, ${expectedPrs} expected; ${fake.rejected.length} documents GitHub would refuse`,
        );
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
      await run(
        `new PR, ${n} file(s)`,
        fake,
        () =>
          target.openPullRequest(
            changeSet('certificates/team-a/web', files),
            {},
            async () => {},
          ),
        1,
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
      await run(
        `new PR, 1 file, ${name}`,
        fake,
        async () => {
          await target.openPullRequest(
            changeSet('certificates/team-a/web', files, {
              labels: [...decoration.labels],
              reviewers: [...decoration.reviewers],
            }),
            {},
            async () => {},
          );
          const pr = fake.prs[fake.prs.length - 1];
          if (pr.labels.join() !== decoration.labels.join())
            throw new Error(`github bench: labels ${pr.labels} not applied`);
        },
        1,
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
      await run(
        'same request again (10 files, PR open)',
        fake,
        () =>
          target.openPullRequest(
            changeSet('certificates/team-a/web', files),
            progress,
            save,
          ),
        0,
      );
      const changed = files.map((f, i) =>
        i === 0 ? certFile('team-a', 'cert-0', 'v2') : f,
      );
      await run(
        'changed request (1 of 10 files changed, PR open)',
        fake,
        () =>
          target.openPullRequest(
            changeSet('certificates/team-a/web', changed),
            progress,
            save,
          ),
        0,
      );
    }

    {
      // Many certificates of many teams, one request (branch, PR) each, published
      // as PublishService does: one openPullRequest per request.
      const { fake, target } = fresh();
      const certs = Array.from({ length: certificates }, (_, i) => ({
        team: `team-${i % teams}`,
        name: `cert-${i}`,
      }));
      const publishAll = async () => {
        const refs = [];
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
        return refs;
      };
      let refs: Awaited<ReturnType<typeof publishAll>> = [];
      await run(
        `${certificates} certificates / ${teams} teams: one PR each`,
        fake,
        async () => {
          refs = await publishAll();
        },
        certificates,
      );
      await run(
        `${certificates} certificates: publish again, nothing changed`,
        fake,
        publishAll,
        0,
      );
      fake.merge(1);
      await run(
        `${certificates} certificates: pullRequestStates of ${certificates} PRs`,
        fake,
        async () => {
          const states = await target.pullRequestStates(refs);
          const merged = [...states.values()].filter(x => x === 'merged');
          if (states.size !== certificates || merged.length !== 1)
            throw new Error(
              `github bench: ${states.size} states read, ${merged.length} merged; ${certificates} and 1 expected`,
            );
        },
        0,
      );
    }
  } finally {
    server.close();
  }
  return rows;
}

/** The rows as printed by `npm run bench`. */
export function formatGithubBench(rows: BenchRow[]): string[] {
  return [
    'github: GitHub API calls and writes per case, each case as a whole (msw GitHub that counts them; outcomes checked)',
    ...rows.map(
      row =>
        `  ${row.case.padEnd(70)} ${String(row.calls).padStart(
          5,
        )} calls  ${String(row.writes).padStart(5)} writes`,
    ),
  ];
}
