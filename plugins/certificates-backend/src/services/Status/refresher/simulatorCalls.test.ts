import { ConfigReader } from '@backstage/config';
import {
  createPlatformSimulator,
  PlatformSimulator,
  SimulatorClock,
  TestGitopsRepo,
} from '@internal/platform-simulator';
import { silentLogger } from '../../../__testUtils__/silentLogger';
import { readStatusConfig } from '../config';
import { createStatusService } from '../StatusService';
import { createUpstreamClients } from '../upstreamClients';
import {
  fakeStore,
  memoryCache,
  storedRequest,
} from '../__testUtils__/fakeUpstream';
import { createStatusRefresher } from './createStatusRefresher';

/**
 * The refresher against the platform simulator over real HTTP, with the
 * generated client's own transport: the same upstream call counts as
 * against the msw fakes (createStatusRefresher.test.ts), and the same
 * answers once the simulator has issued.
 */
describe('status refresher against the platform simulator', () => {
  let repo: TestGitopsRepo;
  let sim: PlatformSimulator;
  let names: string[];

  beforeEach(async () => {
    repo = new TestGitopsRepo();
    names = repo.addCertificates(['api', 'web', 'shop', 'www']);
    sim = await createPlatformSimulator(
      {
        gitopsPath: repo.dir,
        clusterTokens: ['sa-token'],
        vaultToken: 'vault-token',
        issuers: [
          {
            name: 'letsencrypt-prod',
            server: 'https://acme-v02.api.letsencrypt.org/directory',
          },
        ],
        clock: new SimulatorClock({ rate: 0 }),
      },
      false,
    );
    await sim.step();
    sim.clock.advance(5_000);
    await sim.step();
  });

  afterEach(async () => {
    await sim.close();
    repo.cleanup();
  });

  function setup() {
    const config = readStatusConfig(
      new ConfigReader({
        certificates: {
          status: {
            clusters: [
              {
                name: 'simulated',
                title: 'Simulated cluster',
                url: sim.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'sa-token',
                skipTLSVerify: true,
              },
            ],
            vault: { address: sim.url, token: 'vault-token' },
          },
        },
      }),
    );
    let now = sim.clock.now();
    const cache = memoryCache();
    const upstream = createUpstreamClients(config);
    const refresher = createStatusRefresher({
      ...upstream,
      config,
      refresh: {
        enabled: true,
        periodSeconds: 60,
        vaultMaxAgeMs: 3600_000,
        vaultConcurrency: 4,
      },
      cache,
      logger: silentLogger(),
      teams: () => ['team-a', 'team-b'],
      now: () => now,
    });
    const view = createStatusService({
      config,
      logger: silentLogger(),
      cache,
      store: fakeStore(names.map(n => storedRequest('team-a', n))),
      now: () => now,
      background: { onCold: () => undefined },
    });
    const kubeCalls = () => sim.calls.filter(c => /^\w+ \/apis?\//.test(c));
    const vaultReads = () =>
      sim.calls.filter(c => c.startsWith('GET /v1/kv/metadata/'));
    return {
      refresher,
      view,
      upstream,
      kubeCalls,
      vaultReads,
      advance: (ms: number) => (now += ms),
    };
  }

  it('reads each kind once per cluster per refresh, Vault only for certificates not read yet', async () => {
    const { refresher, kubeCalls, vaultReads } = setup();
    const first = await refresher.refresh();
    // certificates, certificaterequests, orders, challenges, pushsecrets, events, applications, clusterissuers
    expect(kubeCalls()).toHaveLength(8);
    expect(kubeCalls().filter(c => c.includes('/namespaces/team-'))).toEqual(
      [],
    );
    expect(first).toMatchObject({ vaultReads: 4, vaultKept: 0 });
    expect(vaultReads()).toHaveLength(4);

    const second = await refresher.refresh();
    expect(kubeCalls()).toHaveLength(16);
    expect(second).toMatchObject({ vaultReads: 0, vaultKept: 4 });
    expect(vaultReads()).toHaveLength(4);
  });

  it('reads Vault again only for the certificate renewed now, or after the maximum age', async () => {
    const { refresher, upstream, vaultReads, advance } = setup();
    await refresher.refresh();
    expect(
      await upstream.clients[0].renewCertificate(
        'team-a',
        names[1],
        new Date(sim.clock.now()),
      ),
    ).toBe('renewed');
    await sim.step();
    sim.clock.advance(5_000);
    await sim.step();
    expect(await refresher.refresh()).toMatchObject({
      vaultReads: 1,
      vaultKept: 3,
    });
    expect(vaultReads()).toHaveLength(5);

    advance(3600_000 + 1);
    expect(await refresher.refresh()).toMatchObject({ vaultReads: 4 });
  });

  it('shows every certificate issued and in Vault, at the version the simulator wrote', async () => {
    const { refresher, view } = setup();
    await refresher.refresh();
    const status = await view.teamStatus('team-a');
    expect(status.items.map(i => i.certificateName).sort()).toEqual(
      [...names].sort(),
    );
    for (const item of status.items) {
      expect(item.steps.synced.state).toBe('done');
      expect(item.steps.acme.state).toBe('done');
      expect(item.steps.issued.state).toBe('done');
      expect(item.steps.vault).toMatchObject({
        state: 'done',
        vault: { currentVersion: 1 },
      });
      expect(item.state).toBe('done');
      expect(item.clusterTitle).toBe('Simulated cluster');
    }
  });
});
