import { silentLogger } from '../../../__testUtils__/silentLogger';
import { setupServer } from 'msw/node';
import { GlobalFetchHttpLibrary } from '../kubernetes';
import { createStatusService } from '../StatusService';
import { createUpstreamClients } from '../upstreamClients';
import {
  addIssuedCertificate,
  clusterIssuer,
  event,
  FakeCluster,
  fakeStore,
  FakeVault,
  memoryCache,
  statusConfig,
  storedRequest,
  tenantApplication,
} from '../__testUtils__/fakeUpstream';
import { createStatusRefresher } from './createStatusRefresher';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse('2025-05-10T00:00:00Z');
const TEAMS: Record<string, string[]> = {
  'team-a': ['api', 'web', 'shop'],
  'team-b': ['api'],
};

function setup() {
  const cluster = new FakeCluster('prod', 'https://prod.k8s.test:6443');
  cluster.add('clusterissuers', clusterIssuer('letsencrypt-prod'));
  const vault = new FakeVault('http://vault.test:8200');
  const requests = [];
  for (const [team, names] of Object.entries(TEAMS)) {
    cluster.add('applications', tenantApplication(team));
    for (const name of names) {
      addIssuedCertificate(cluster, team, name);
      vault.set(`certs/${team}/${name}`, {
        currentVersion: 1,
        updatedTime: '2025-05-01T10:05:00Z',
      });
      requests.push(storedRequest(team, name));
    }
  }
  server.use(...cluster.handlers(), ...vault.handlers());
  const config = statusConfig({
    clusters: [cluster.config],
    vault: vault.config,
  });
  const httpApi = new GlobalFetchHttpLibrary();
  const cache = memoryCache();
  let now = NOW;
  const refresher = createStatusRefresher({
    ...createUpstreamClients(config, { httpApi }),
    config,
    refresh: {
      enabled: true,
      periodSeconds: 60,
      vaultMaxAgeMs: 3600_000,
      vaultConcurrency: 4,
    },
    cache,
    logger: silentLogger(),
    teams: () => ['team-a', 'team-b', 'team-c'],
    now: () => now,
  });
  const store = fakeStore(requests);
  const onCold = jest.fn();
  const view = createStatusService({
    config,
    logger: silentLogger(),
    cache,
    store,
    httpApi,
    now: () => now,
    background: { onCold },
  });
  const direct = () =>
    createStatusService({
      config,
      logger: silentLogger(),
      cache: memoryCache(),
      store,
      httpApi,
      now: () => now,
    });
  const vaultReads = () => vault.calls.filter(c => c.startsWith('GET')).length;
  return {
    cluster,
    vault,
    refresher,
    view,
    direct,
    onCold,
    vaultReads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('status refresher', () => {
  it('reads each kind once per cluster per refresh, whatever the number of teams', async () => {
    const { cluster, refresher, vaultReads } = setup();
    const first = await refresher.refresh();
    // certificates, certificaterequests, orders, challenges, pushsecrets, events, applications, clusterissuers
    expect(cluster.calls).toHaveLength(8);
    expect(cluster.calls.filter(c => c.includes('/namespaces/team-'))).toEqual(
      [],
    );
    expect(first).toMatchObject({ teams: 3, vaultReads: 4, vaultKept: 0 });
    expect(vaultReads()).toBe(4);

    const second = await refresher.refresh();
    expect(cluster.calls).toHaveLength(16);
    expect(second).toMatchObject({ vaultReads: 0, vaultKept: 4 });
    expect(vaultReads()).toBe(4);
  });

  it('reads Vault again only for the certificate that renewed, or after the maximum age', async () => {
    const { cluster, refresher, vaultReads, advance } = setup();
    await refresher.refresh();
    const web = cluster.objects.certificates.find(
      c => c.metadata.namespace === 'team-a' && c.metadata.name === 'web',
    )!;
    web.status = {
      ...web.status,
      revision: 2,
      notAfter: '2025-08-30T09:00:00Z',
    };
    expect(await refresher.refresh()).toMatchObject({
      vaultReads: 1,
      vaultKept: 3,
    });
    expect(vaultReads()).toBe(5);

    advance(3600_000 + 1);
    expect(await refresher.refresh()).toMatchObject({ vaultReads: 4 });
  });

  it('answers views from the snapshot only: "refreshing" when cold, never an upstream call', async () => {
    const { cluster, vault, refresher, view, onCold } = setup();
    const cold = await view.teamStatus('team-a');
    expect(cold.refreshing).toBe(true);
    expect(cold.items.map(i => i.certificateName).sort()).toEqual([
      'api',
      'shop',
      'web',
    ]);
    expect(onCold).toHaveBeenCalled();
    expect(cluster.calls).toHaveLength(0);
    expect(vault.calls).toHaveLength(0);

    await refresher.refresh();
    const before = cluster.calls.length + vault.calls.length;
    const warm = await view.teamStatus('team-a');
    expect(warm.refreshing).toBeUndefined();
    expect(warm.items.every(i => i.steps.issued.state === 'done')).toBe(true);
    expect(
      warm.items.every(i => i.steps.vault.vault?.currentVersion === 1),
    ).toBe(true);
    expect(cluster.calls.length + vault.calls.length).toBe(before);
  });

  it('gives each team what reading the team alone gives', async () => {
    const { cluster, refresher, view, direct } = setup();
    cluster.add(
      'events',
      event(
        'team-b',
        'Certificate',
        'api',
        'Issuing',
        'The certificate has been successfully issued',
      ),
      event(
        'team-a',
        'Certificate',
        'web',
        'Requested',
        'Created new CertificateRequest resource',
      ),
    );
    await refresher.refresh();
    for (const team of ['team-a', 'team-b']) {
      const fromSnapshot = await view.teamStatus(team);
      const fromCluster = await direct().teamStatus(team);
      expect(fromSnapshot.items).toEqual(fromCluster.items);
      expect(fromSnapshot.clusters).toEqual(fromCluster.clusters);
    }
    const details = await view.certificateStatus('team-b', 'api');
    expect(details?.details.events.map(e => e.reason)).toEqual(['Issuing']);
  });
});
