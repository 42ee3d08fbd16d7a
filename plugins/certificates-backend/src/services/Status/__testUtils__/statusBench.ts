/* eslint-disable @backstage/no-undeclared-imports */
import { silentLogger } from '../../../__testUtils__/silentLogger';
import { setupServer } from 'msw/node';
import { GlobalFetchHttpLibrary } from '../kubernetes';
import { createStatusService } from '../StatusService';
import {
  addCertificate,
  clusterIssuer,
  FakeCluster,
  fakeStore,
  FakeVault,
  memoryCache,
  storedRequest,
  tenantApplication,
  CR_ISSUED,
  ISSUED,
  statusConfig,
} from './fakeUpstream';

export type StatusBenchFigures = {
  upstreamCalls: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  samples: number;
};
export type StatusBenchResult = {
  certificates: number;
  latency: { kubernetesMs: number; vaultMs: number };
  coldSingle: StatusBenchFigures;
  warmSingle: StatusBenchFigures;
  cold20Concurrent: StatusBenchFigures;
  warm20Concurrent: StatusBenchFigures;
  responseBytes: number;
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return (
    Math.round(
      s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10,
    ) / 10
  );
};
const figures = (xs: number[], calls: number): StatusBenchFigures => ({
  upstreamCalls: calls,
  p50Ms: pct(xs, 50),
  p95Ms: pct(xs, 95),
  maxMs: pct(xs, 100),
  samples: xs.length,
});

/**
 * The team endpoint's service with 500 certificates against msw fakes of
 * Kubernetes and Vault (with per-call latency): upstream calls and latency,
 * cold and warm cache, single viewer and 20 concurrent viewers.
 */
export async function runStatusBench(
  options: {
    certificates?: number;
    kubernetesMs?: number;
    vaultMs?: number;
    rounds?: number;
  } = {},
): Promise<StatusBenchResult> {
  const n = options.certificates ?? 500;
  const rounds = options.rounds ?? 10;
  const team = 'team-a';
  const cluster = new FakeCluster('prod', 'https://prod.k8s.bench:6443');
  cluster.latencyMs = options.kubernetesMs ?? 5;
  cluster.add('clusterissuers', clusterIssuer('letsencrypt-prod'));
  cluster.add('applications', tenantApplication(team));
  const vault = new FakeVault('http://vault.bench:8200');
  vault.latencyMs = options.vaultMs ?? 2;
  const requests = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    addCertificate(cluster, {
      team,
      name,
      certificateStatus: ISSUED,
      certificateRequest: {
        ready: CR_ISSUED,
        revision: 1,
      },
      order: { state: 'valid' },
      challenges: [
        {
          dnsName: `${name}.team-a.example.com`,
          state: 'valid',
          reason: 'Successfully authorized domain',
          presented: false,
          processing: false,
        },
      ],
    });
    vault.set(`certs/${team}/${name}`, {
      currentVersion: 1,
      updatedTime: '2025-05-01T10:05:00Z',
    });
    requests.push(storedRequest(team, name));
  }
  const server = setupServer(...cluster.handlers(), ...vault.handlers());
  server.listen({ onUnhandledRequest: 'error' });
  const config = statusConfig({
    clusters: [cluster.config],
    vault: { address: vault.address, token: 'root-token', kvMount: 'kv' },
    requestTimeoutMs: 30_000,
  });
  const store = fakeStore(requests);
  const newService = () =>
    createStatusService({
      config,
      logger: silentLogger(),
      cache: memoryCache(),
      store,
      httpApi: new GlobalFetchHttpLibrary(),
      now: () => Date.parse('2025-05-10T00:00:00Z'),
    });
  const calls = () => cluster.calls.length + vault.calls.length;
  const timed = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  try {
    // Warm-up of the JIT and the client libraries, not counted.
    await newService().teamStatus(team);

    let before = calls();
    const cold: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const service = newService();
      cold.push(await timed(() => service.teamStatus(team)));
    }
    const coldCalls = (calls() - before) / rounds;

    const service = newService();
    await service.teamStatus(team);
    before = calls();
    const warm: number[] = [];
    for (let r = 0; r < rounds * 5; r++)
      warm.push(await timed(() => service.teamStatus(team)));
    const warmCalls = calls() - before;

    before = calls();
    const cold20: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const s = newService();
      cold20.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => timed(() => s.teamStatus(team))),
        )),
      );
    }
    const cold20Calls = (calls() - before) / rounds;

    const warmService = newService();
    await warmService.teamStatus(team);
    before = calls();
    const warm20: number[] = [];
    for (let r = 0; r < rounds; r++) {
      warm20.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () =>
            timed(() => warmService.teamStatus(team)),
          ),
        )),
      );
    }
    const warm20Calls = calls() - before;

    const body = JSON.stringify(await warmService.teamStatus(team));
    return {
      certificates: n,
      latency: { kubernetesMs: cluster.latencyMs, vaultMs: vault.latencyMs },
      coldSingle: figures(cold, coldCalls),
      warmSingle: figures(warm, warmCalls),
      cold20Concurrent: figures(cold20, cold20Calls),
      warm20Concurrent: figures(warm20, warm20Calls),
      responseBytes: body.length,
    };
  } finally {
    server.close();
  }
}
