/* eslint-disable @backstage/no-undeclared-imports */
import express from 'express';
import { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { TeamCertificatesStatus } from '@internal/plugin-certificates-common';
import { silentLogger } from '../../../__testUtils__/silentLogger';
import { GlobalFetchHttpLibrary } from '../kubernetes';
import { createStatusRefresher } from '../refresher';
import { createStatusService } from '../StatusService';
import { createUpstreamClients } from '../upstreamClients';
import {
  addIssuedCertificate,
  clusterIssuer,
  FakeCluster,
  fakeStore,
  FakeVault,
  memoryCache,
  statusConfig,
  storedRequest,
  tenantApplication,
} from './fakeUpstream';
import { checkTeamAnswer } from './statusBench';

export type RefresherBenchResult = {
  certificates: number;
  /** Upstream calls of one refresh: Kubernetes LISTs and Vault reads. */
  refreshCold: { kubernetes: number; vault: number };
  refreshWarm: { kubernetes: number; vault: number };
  /** Vault reads of the refresh after one certificate renewed. */
  vaultReadsAfterOneRenewal: number;
  /** Upstream calls made by views (cold: before the first refresh; warm: after). */
  viewCallsCold: number;
  viewCallsWarm: number;
  coldAnswerRefreshing: boolean;
  /** HTTP latency of the team view and of a no-op route, same server, same run. */
  viewMs: { p50: number; p95: number };
  noopMs: { p50: number; p95: number };
  requests: number;
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return (
    Math.round(
      s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 100,
    ) / 100
  );
};

/**
 * The background refresher with a team of `certificates` certificates on
 * one cluster and Vault (msw fakes counting calls): upstream calls per
 * refresh period, cold and warm; per view, cold and warm; Vault reads after
 * one certificate renews; and the view's HTTP latency against a no-op route
 * served by the same Express app in the same run.
 */
export async function runRefresherBench(
  options: { certificates?: number; requests?: number } = {},
): Promise<RefresherBenchResult> {
  const n = options.certificates ?? 500;
  const requests = options.requests ?? 200;
  const team = 'team-a';
  const cluster = new FakeCluster('prod', 'https://prod.k8s.bench:6443');
  cluster.add('clusterissuers', clusterIssuer('letsencrypt-prod'));
  cluster.add('applications', tenantApplication(team));
  const vault = new FakeVault('http://vault.bench:8200');
  const stored = [];
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    addIssuedCertificate(cluster, team, name);
    vault.set(`certs/${team}/${name}`, {
      currentVersion: 1,
      updatedTime: '2025-05-01T10:05:00Z',
    });
    stored.push(storedRequest(team, name));
    names.push(name);
  }
  // Requests to the bench's own HTTP server go through untouched.
  const server = setupServer(...cluster.handlers(), ...vault.handlers());
  server.listen({ onUnhandledRequest: 'bypass' });
  const config = statusConfig({
    clusters: [cluster.config],
    vault: vault.config,
    requestTimeoutMs: 30_000,
  });
  const httpApi = new GlobalFetchHttpLibrary();
  const cache = memoryCache();
  const now = () => Date.parse('2025-05-10T00:00:00Z');
  const refresher = createStatusRefresher({
    ...createUpstreamClients(config, { httpApi }),
    config,
    refresh: {
      enabled: true,
      periodSeconds: 60,
      vaultMaxAgeMs: 3600_000,
      vaultConcurrency: 8,
    },
    cache,
    logger: silentLogger(),
    teams: () => [team],
    now,
  });
  const service = createStatusService({
    config,
    logger: silentLogger(),
    cache,
    store: fakeStore(stored),
    httpApi,
    now,
    background: {},
  });
  const k8s = () => cluster.calls.length;
  const vaultGets = () => vault.calls.filter(c => c.startsWith('GET')).length;
  const upstream = () => k8s() + vault.calls.length;
  const http = await listen(service, team);
  try {
    let before = upstream();
    const cold = await service.teamStatus(team);
    const viewCallsCold = upstream() - before;

    let k = k8s();
    let v = vaultGets();
    await refresher.refresh();
    const refreshCold = { kubernetes: k8s() - k, vault: vaultGets() - v };
    k = k8s();
    v = vaultGets();
    await refresher.refresh();
    const refreshWarm = { kubernetes: k8s() - k, vault: vaultGets() - v };

    const renewed = cluster.objects.certificates.find(
      c => c.metadata.name === 'svc-007',
    )!;
    renewed.status = {
      ...renewed.status,
      revision: 2,
      notAfter: '2025-08-30T09:00:00Z',
    };
    v = vaultGets();
    await refresher.refresh();
    const vaultReadsAfterOneRenewal = vaultGets() - v;

    checkTeamAnswer(await service.teamStatus(team), names);
    before = upstream();
    const view: number[] = [];
    const noop: number[] = [];
    for (let i = 0; i < requests; i++) {
      noop.push(await http.time('/noop'));
      view.push(await http.time(`/teams/${team}/certificates`));
    }
    const viewCallsWarm = upstream() - before;
    checkTeamAnswer(
      JSON.parse(await http.body(`/teams/${team}/certificates`)),
      names,
    );
    return {
      certificates: n,
      refreshCold,
      refreshWarm,
      vaultReadsAfterOneRenewal,
      viewCallsCold,
      viewCallsWarm,
      coldAnswerRefreshing: cold.refreshing === true,
      viewMs: { p50: pct(view, 50), p95: pct(view, 95) },
      noopMs: { p50: pct(noop, 50), p95: pct(noop, 95) },
      requests,
    };
  } finally {
    http.close();
    server.close();
  }
}

/** The team route as the status router serves it (each built answer serialised once), beside a no-op route. */
async function listen(
  service: { teamStatus(team: string): Promise<TeamCertificatesStatus> },
  team: string,
) {
  const app = express();
  const serialized = new WeakMap<object, string>();
  app.get('/noop', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/teams/:team/certificates', async (_req, res) => {
    const value = await service.teamStatus(team);
    let body = serialized.get(value);
    if (body === undefined) {
      body = JSON.stringify(value);
      serialized.set(value, body);
    }
    res.type('application/json').send(body);
  });
  const httpServer = app.listen(0, '127.0.0.1');
  await new Promise(resolve => httpServer.once('listening', resolve));
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    async body(path: string) {
      return (await fetch(`${base}${path}`)).text();
    },
    async time(path: string) {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      if (!res.ok)
        throw new Error(`refresher bench: ${path} answered ${res.status}`);
      return performance.now() - t0;
    },
    close: () => httpServer.close(),
  };
}

export function formatRefresherBench(r: RefresherBenchResult): string[] {
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : 'n/a');
  return [
    `status-refresh: background refresher, one team of ${r.certificates} certificates on one cluster + Vault (msw fakes counting calls)`,
    `  upstream calls per refresh period: cold ${r.refreshCold.kubernetes} Kubernetes + ${r.refreshCold.vault} Vault, warm ${r.refreshWarm.kubernetes} Kubernetes + ${r.refreshWarm.vault} Vault`,
    `  Vault reads after one certificate renews: ${r.vaultReadsAfterOneRenewal}`,
    `  upstream calls per view: cold ${r.viewCallsCold} (answer refreshing: ${r.coldAnswerRefreshing}), warm ${r.viewCallsWarm} over ${r.requests} views`,
    `  view latency over HTTP: p50 ${r.viewMs.p50} ms, p95 ${
      r.viewMs.p95
    } ms; no-op route p50 ${r.noopMs.p50} ms, p95 ${
      r.noopMs.p95
    } ms; ratio p50 ${ratio(r.viewMs.p50, r.noopMs.p50)}x, p95 ${ratio(
      r.viewMs.p95,
      r.noopMs.p95,
    )}x (${r.requests} requests each)`,
  ];
}
