import { SimulatorClock } from './clock';
import { createPlatformSimulator, PlatformSimulator } from './simulator';

describe('the control API', () => {
  let sim: PlatformSimulator;
  beforeAll(async () => {
    sim = await createPlatformSimulator(
      {
        gitopsPath: '/nonexistent',
        clusterTokens: ['t'],
        clock: new SimulatorClock({
          start: Date.parse('2027-01-01T00:00:00Z'),
          rate: 0,
        }),
      },
      false,
    );
  });
  afterAll(() => sim.close());
  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${sim.url}${path}`, { method, body: JSON.stringify(body) });

  it('moves and speeds up the clock', async () => {
    const moved = await post('/_simulator/clock', { advanceSeconds: 86_400 });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({
      now: '2027-01-02T00:00:00.000Z',
      rate: 0,
    });
    const fast = await post('/_simulator/clock', { rate: 1000 });
    expect((await fast.json()).rate).toBe(1000);
    expect(sim.clock.rate).toBe(1000);
    sim.clock.setRate(0);
  });

  it('answers bad input with a 400 naming the field, changing nothing', async () => {
    const rate = await post('/_simulator/clock', { rate: -1 });
    expect(rate.status).toBe(400);
    expect((await rate.json()).error).toMatch(/^rate: /);
    const kind = await post('/_simulator/faults', {
      kind: 'disk-full',
      target: 'x',
    });
    expect(kind.status).toBe(400);
    expect((await kind.json()).error).toMatch(
      /^kind: must be one of challenge-stuck/,
    );
    const target = await post('/_simulator/faults', {
      kind: 'vault-stale',
      target: 'Not A Name',
    });
    expect((await target.json()).error).toMatch(/^target: /);
    expect(sim.faults.list()).toEqual([]);
  });

  it('adds, lists and removes faults', async () => {
    expect(
      (
        await post('/_simulator/faults', {
          kind: 'vault-stale',
          target: 'team-a/shop',
        })
      ).status,
    ).toBe(201);
    const state = await (await fetch(`${sim.url}/_simulator/state`)).json();
    expect(state).toMatchObject({
      simulated: true,
      faults: [{ kind: 'vault-stale', target: 'team-a/shop' }],
    });
    const removed = await fetch(
      `${sim.url}/_simulator/faults?kind=vault-stale&target=team-a/shop`,
      { method: 'DELETE' },
    );
    expect(await removed.json()).toEqual({ faults: [] });
  });

  it('serves metrics in the Prometheus text format', async () => {
    const res = await fetch(`${sim.url}/metrics`);
    expect(res.headers.get('content-type')).toContain(
      'text/plain; version=0.0.4',
    );
    expect(await res.text()).toContain(
      '# TYPE certmanager_certificate_expiration_timestamp_seconds gauge',
    );
  });
});
