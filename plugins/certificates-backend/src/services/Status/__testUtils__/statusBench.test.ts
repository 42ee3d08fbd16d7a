import { formatStatusBench, runStatusBench } from './statusBench';

// `npm run bench -- status`, small, so that the bench cannot rot unseen.
describe('status bench', () => {
  it('checks every answer and gives each figure its unit', async () => {
    const r = await runStatusBench({
      certificates: 12,
      rounds: 2,
      kubernetesMs: 0,
      vaultMs: 0,
    });
    expect(r.certificates).toBe(12);
    expect(r.coldSingle).toMatchObject({ viewers: 1, rounds: 2, requests: 2 });
    expect(r.warmSingle).toMatchObject({
      viewers: 1,
      rounds: 10,
      requests: 10,
    });
    expect(r.cold20Concurrent).toMatchObject({
      viewers: 20,
      rounds: 2,
      requests: 40,
    });
    // A warm cache answers without any upstream call; a cold one must call upstream.
    expect(r.warmSingle.upstreamCallsPerRound).toBe(0);
    expect(r.warm20Concurrent.upstreamCallsPerRound).toBe(0);
    expect(r.coldSingle.upstreamCallsPerRound).toBeGreaterThan(0);
    // 20 viewers of a cold cache share one upstream read.
    expect(r.cold20Concurrent.upstreamCallsPerRound).toBe(
      r.coldSingle.upstreamCallsPerRound,
    );
    const lines = formatStatusBench(r);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(
      /^ {2}coldSingle +\d+ upstream calls per round of +1 viewer\(s\) {2}per request: p50 [\d.]+ ms, p95 [\d.]+ ms, max [\d.]+ ms {2}\(2 rounds, 2 requests\)$/,
    );
    expect(lines[5]).toMatch(/^ {2}response size \d+ KiB per answer$/);
  });
});
