import { formatRefresherBench, runRefresherBench } from './refresherBench';

// `npm run bench -- status-refresh`, small, so that the bench cannot rot unseen.
describe('status refresher bench', () => {
  it('counts upstream calls per refresh and per view', async () => {
    const r = await runRefresherBench({ certificates: 20, requests: 5 });
    expect(r.refreshCold).toEqual({ kubernetes: 8, vault: 20 });
    expect(r.refreshWarm).toEqual({ kubernetes: 8, vault: 0 });
    expect(r.vaultReadsAfterOneRenewal).toBe(1);
    expect(r.viewCallsCold).toBe(0);
    expect(r.viewCallsWarm).toBe(0);
    expect(r.coldAnswerRefreshing).toBe(true);
    expect(formatRefresherBench(r)[0]).toMatch(/^status-refresh: /);
  });
});
