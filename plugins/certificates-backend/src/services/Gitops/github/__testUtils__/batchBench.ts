import { setupServer } from 'msw/node';
import { PublishProgress } from '../../../RequestStore';
import { batchChangeSet } from '../../../Bulk/batchChange';
import { fleetPlatform, fleetRows } from '../../../Bulk/__testUtils__/fleet';
import { PullRequestJob } from '../../batchTypes';
import { FakeGitHub } from './fakeGitHub';
import { fakeGitHubTarget } from './fakeGitHubTarget';
import { batchMutationCount } from './fakeGitHubBatch';

export type BatchBenchRow = {
  case: string;
  certificates: number;
  teams: number;
  decorated: boolean;
  calls: number;
  /** Calls that write (mutation documents and REST writes). */
  writes: number;
  /** Mutations inside those documents (GitHub's secondary limits count these). */
  mutations: number;
  prs: number;
};

const LABELS = ['certificates', 'bulk'];
const REVIEWERS = ['alice', 'acme/platform-team'];

/**
 * GitHub calls of bulk requests: one pull request per team, published
 * through GitHubTarget.openPullRequests with the files the renderer
 * produces, against the msw GitHub that counts calls, writes and mutations.
 */
export async function runGithubBatchBench(
  options: { cases?: Array<[certificates: number, teams: number]> } = {},
): Promise<BatchBenchRow[]> {
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  const rows: BatchBenchRow[] = [];
  try {
    const cases = options.cases ?? [
      [1, 1],
      [25, 1],
      [500, 40],
    ];
    for (const [certificates, teams] of cases) {
      for (const decorated of [false, true]) {
        const fake = new FakeGitHub().use(server);
        const target = fakeGitHubTarget(fake);
        const platform = fleetPlatform(teams);
        const byTeam = new Map<string, ReturnType<typeof fleetRows>>();
        for (const r of fleetRows(platform, certificates)) {
          const team = r.resolved.request.team;
          byTeam.set(team, [...(byTeam.get(team) ?? []), r]);
        }
        const progress = new Map<string, PublishProgress>();
        const jobs: PullRequestJob[] = [...byTeam].map(([team, list]) => ({
          change: batchChangeSet({
            team,
            batchId: '00000000-0000-4000-8000-000000000000',
            requestedBy: 'user:default/platform',
            requests: list.map(r => ({
              id: `r-${r.row}`,
              resolved: r.resolved,
            })),
            platform,
            labels: decorated ? LABELS : [],
            reviewers: decorated ? REVIEWERS : [],
          }),
          progress: {},
          saveProgress: async p => {
            progress.set(team, p);
          },
        }));
        const results = await target.openPullRequests(jobs);
        // The figures only count when every team got exactly one pull request.
        const failed = results.filter(r => !r.ok);
        if (failed.length > 0 || fake.prs.length !== byTeam.size)
          throw new Error(
            `bulk bench: ${failed.length} failed, ${fake.prs.length} pull requests for ${byTeam.size} teams`,
          );
        const { calls, writes } = fake.counts();
        rows.push({
          case: `${certificates} certificate(s), ${teams} team(s)${
            decorated ? ', labels + reviewers' : ''
          }`,
          certificates,
          teams,
          decorated,
          calls,
          writes,
          mutations: batchMutationCount(fake),
          prs: fake.prs.length,
        });
      }
    }
  } finally {
    server.close();
  }
  return rows;
}

/** The budget: at most 120 calls for 500 certificates of 40 teams, 4 for one certificate. */
export function withinBudget(row: BatchBenchRow): boolean {
  if (row.certificates === 1) return row.calls <= 4;
  if (row.certificates === 500 && row.teams === 40) return row.calls <= 120;
  return true;
}

export function formatGithubBatchBench(rows: BatchBenchRow[]): string[] {
  return [
    'bulk: GitHub calls of a bulk request, one pull request per team (msw GitHub counting calls, write calls and mutations)',
    ...rows.map(
      r =>
        `  ${r.case.padEnd(52)} ${String(r.calls).padStart(4)} calls ${String(
          r.writes,
        ).padStart(4)} writes ${String(r.mutations).padStart(
          5,
        )} mutations ${String(r.prs).padStart(3)} PRs${
          withinBudget(r) ? '' : '  OVER BUDGET'
        }`,
    ),
  ];
}
