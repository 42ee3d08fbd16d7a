import { encodeValues } from './promtool';
import { runYearBench } from './yearBench';

jest.setTimeout(180_000);

describe('year benchmark, small', () => {
  it('renews every healthy certificate in time, keeps Vault current, and alerts only for the faulted ones', async () => {
    const r = await runYearBench({
      certificates: 4,
      days: 130,
      stepMinutes: 120,
      sampleMinutes: 120,
      faultDay: 40,
    });
    // c03 is the only healthy one: issued at day 0, renewed at days 60 and 120.
    expect(r.issuances).toBeGreaterThanOrEqual(3 + 4);
    expect(r.renewalsLate).toBe(0);
    expect(r.minRenewalMarginDays).toBeGreaterThan(29);
    expect(r.maxRenewalDelayMinutes).toBeLessThanOrEqual(120);
    expect(r.maxVaultLagMinutes).toBeLessThanOrEqual(r.vaultRefreshMinutes);
    expect(r.staleVaultLagDays).toBeGreaterThan(1);
    if (!r.promtool.ok) throw new Error(r.promtool.output);
    expect(r.expectations.at(-1)?.firingFor).toEqual([
      'c00-shop-example-com',
      'c01-shop-example-com',
    ]);
  });
});

describe('encodeValues', () => {
  it("writes promtool's expanding notation", () => {
    expect(encodeValues([1, 1, 1, 0, undefined, undefined, 2])).toBe(
      '1+0x2 0 _x2 2',
    );
  });
});
