import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { createApiRouter } from '../../router';
import { statusRoutes } from '../../routes/status';
import { RequestAccess } from '../../permissions';
import { RenewalService } from '../Lifecycle';
import { BoundedCache } from './boundedCache';
import { GlobalFetchHttpLibrary } from './kubernetes';
import { createStatusService } from './StatusService';
import {
  addIssuedCertificate,
  clusterIssuer,
  FakeCluster,
  fakeStore,
  FakeVault,
  statusConfig,
  storedRequest,
} from './__testUtils__/fakeUpstream';

const server = setupServer();
// Requests to the router under test (supertest, 127.0.0.1) pass; anything else unhandled fails.
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (req, print) => {
      if (new URL(req.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TEAMS = ['team-a', 'team-b', 'team-c'];

/** A shared cache that keeps nothing, so only the in-process bounds decide what is reread. */
const forgetfulCache: CacheService = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => forgetfulCache,
};

function setup(cache: { maxEntries: number; maxBytes: number }) {
  const cluster = new FakeCluster('prod', 'https://prod.k8s.test:6443');
  cluster.add('clusterissuers', clusterIssuer('letsencrypt-prod'));
  for (const team of TEAMS) addIssuedCertificate(cluster, team, 'api');
  const vault = new FakeVault();
  server.use(...cluster.handlers(), ...vault.handlers());
  const store = fakeStore(TEAMS.map(team => storedRequest(team, 'api')));
  const service = createStatusService({
    config: statusConfig({
      clusters: [cluster.config],
      vault: vault.config,
      cache,
    }),
    logger: mockServices.logger.mock(),
    cache: forgetfulCache,
    store,
    httpApi: new GlobalFetchHttpLibrary(),
  });
  return { service, cluster, vault, store };
}

/** Reads upstream per team load: one for the team's objects on the cluster, counted by namespace. */
const teamReads = (cluster: FakeCluster, team: string) =>
  cluster.calls.filter(c => c.includes(`/namespaces/${team}/`)).length;

describe('status cache bounds', () => {
  it('evicts the least recently used team once past maxEntries, and keeps the rest', async () => {
    // Five entries: the ClusterIssuer list and two teams' snapshot and answer.
    const { service, cluster } = setup({ maxEntries: 5, maxBytes: 1e9 });
    await service.teamStatus('team-a');
    await service.teamStatus('team-b');
    const readsA = teamReads(cluster, 'team-a');
    const readsB = teamReads(cluster, 'team-b');
    expect(readsA).toBeGreaterThan(0);
    await service.teamStatus('team-b'); // warm: no upstream read
    expect(teamReads(cluster, 'team-b')).toBe(readsB);
    await service.teamStatus('team-c'); // past the bound: team-a goes
    await service.teamStatus('team-b');
    expect(teamReads(cluster, 'team-b')).toBe(readsB);
    await service.teamStatus('team-a');
    expect(teamReads(cluster, 'team-a')).toBe(2 * readsA);
    expect(service.cacheStats().entries).toBeLessThanOrEqual(5);
  });

  it('keeps no more bytes than maxBytes', async () => {
    const { service } = setup({ maxEntries: 1000, maxBytes: 1e9 });
    await service.teamStatus('team-a');
    const oneTeam = service.cacheStats().bytes;
    // Room for about one team's snapshot and answer, not two.
    const bounded = setup({ maxEntries: 1000, maxBytes: oneTeam * 1.5 });
    for (const team of TEAMS) await bounded.service.teamStatus(team);
    expect(bounded.service.cacheStats().bytes).toBeLessThanOrEqual(
      oneTeam * 1.5,
    );
    const before = teamReads(bounded.cluster, 'team-a');
    await bounded.service.teamStatus('team-a');
    expect(teamReads(bounded.cluster, 'team-a')).toBe(before * 2);
  });

  it('answers 1,000 distinct unknown teams with 404 and no upstream read, holding nothing', async () => {
    const { service, cluster, vault, store } = setup({
      maxEntries: 500,
      maxBytes: 1e9,
    });
    const router = createApiRouter([
      statusRoutes({
        httpAuth: mockServices.httpAuth(),
        access: { allowed: async () => true } as unknown as RequestAccess,
        status: service,
        renewal: { clusters: [] } as unknown as RenewalService,
        teamNames: () => TEAMS,
      }),
    ]);
    const app = express()
      .use(router)
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger: mockServices.logger.mock(),
        }).error(),
      );
    for (let i = 0; i < 1000; i++) {
      const path =
        i % 2 === 0
          ? `/teams/unknown-${i}/certificates`
          : `/certificates/unknown-${i}/api`;
      const res = await request(app).get(path);
      expect(res.status).toBe(404);
    }
    expect(cluster.calls).toEqual([]);
    expect(vault.calls).toEqual([]);
    expect(store.calls).toBe(0);
    expect(service.cacheStats()).toEqual({ entries: 0, bytes: 0 });
    // A configured team still reads upstream.
    expect((await request(app).get('/teams/team-a/certificates')).status).toBe(
      200,
    );
    expect(cluster.calls.length).toBeGreaterThan(0);
  });
});

describe('BoundedCache', () => {
  it('evicts by count and by bytes, least recently used first', () => {
    const cache = new BoundedCache<string>({ maxEntries: 2, maxBytes: 10 });
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    cache.get('a');
    cache.set('c', 'C', 4); // over both bounds: b is the least recently used
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.totalBytes).toBe(8);
    cache.set('huge', 'H', 11); // larger than the whole budget: not kept
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
