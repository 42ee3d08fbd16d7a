import { formatGithubBatchBench, runGithubBatchBench } from './batchBench';

// `npm run bench -- bulk`, small, so that the bench cannot rot unseen.
describe('bulk github bench', () => {
  it('counts the calls of bulk requests', async () => {
    const rows = await runGithubBatchBench({
      cases: [
        [1, 1],
        [25, 1],
        [30, 6],
      ],
    });
    expect(
      rows.map(r => [r.case, r.calls, r.writes, r.mutations, r.prs]),
    ).toEqual([
      // read; branch + commit; pull request (+ labels and reviewers)
      ['1 certificate(s), 1 team(s)', 3, 2, 3, 1],
      ['1 certificate(s), 1 team(s), labels + reviewers', 4, 3, 5, 1],
      ['25 certificate(s), 1 team(s)', 3, 2, 3, 1],
      ['25 certificate(s), 1 team(s), labels + reviewers', 4, 3, 5, 1],
      // read; 12 branch mutations in 2 documents; 6 pull requests in 1 (+ 12 decorations in 2)
      ['30 certificate(s), 6 team(s)', 4, 3, 18, 6],
      ['30 certificate(s), 6 team(s), labels + reviewers', 6, 5, 30, 6],
    ]);
    expect(formatGithubBatchBench(rows)[0]).toMatch(/^bulk: GitHub calls/);
  });
});
