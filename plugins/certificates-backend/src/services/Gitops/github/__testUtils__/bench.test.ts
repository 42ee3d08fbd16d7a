import { formatGithubBench, runGithubCallBench } from './bench';

// `npm run bench -- github`, small, so that the bench cannot rot unseen.
describe('github bench', () => {
  it('counts the calls of every case, with the production configuration', async () => {
    const rows = await runGithubCallBench({ certificates: 12, teams: 3 });
    expect(rows.map(r => [r.case, r.calls, r.writes])).toEqual([
      ['new PR, 1 file(s)', 4, 3],
      ['new PR, 10 file(s)', 4, 3],
      ['new PR, 100 file(s)', 4, 3],
      ['new PR, 1 file, production config: label certificates', 5, 4],
      ['new PR, 1 file, labels and reviewers', 6, 5],
      ['same request again (10 files, PR open)', 1, 0],
      ['changed request (1 of 10 files changed, PR open)', 2, 1],
      ['12 certificates / 3 teams: one PR each', 48, 36],
      ['12 certificates: publish again, nothing changed', 12, 0],
      ['12 certificates: pullRequestStates of 12 PRs', 1, 0],
    ]);
    const lines = formatGithubBench(rows);
    expect(lines[0]).toMatch(/^github: GitHub API calls and writes per case/);
    expect(lines[4]).toMatch(
      /^ {2}new PR, 1 file, production config: label certificates +5 calls +4 writes$/,
    );
  });
});
