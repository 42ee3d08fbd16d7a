/* eslint-disable @backstage/no-undeclared-imports */
import { silentLogger } from '../../../__testUtils__/silentLogger';
import { setupServer } from 'msw/node';
import { GlobalFetchHttpLibrary } from '../kubernetes';
import { TeamCertificatesStatus } from '@internal/plugin-certificates-common';
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

/** One scenario: `viewers` requests at once per round, `rounds` rounds. */
export type StatusBenchFigures = {
  viewers: number;
  rounds: number;
  /** Kubernetes + Vault calls per round (all of its viewers together). */
  upstreamCallsPerRound: number;
  /** Latency of one viewer's request. */
  latencyMsPerRequest: { p50: number; p95: number; max: number };
  /** Requests timed (viewers x rounds), each answer checked. */
  requests: number;
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
const figures = (
  viewers: number,
  rounds: number,
  xs: number[],
  calls: number,
): StatusBenchFigures => ({
  viewers,
  rounds,
  upstreamCallsPerRound: calls / rounds,
  latencyMsPerRequest: {
    p50: pct(xs, 50),
    p95: pct(xs, 95),
    max: pct(xs, 100),
  },
  requests: xs.length,
});

/**
 * Throws unless `answer` is the right one for the bench's team: every
 * certificate once, issued and in Vault, every cluster read. A fast wrong
 * answer (e.g. an empty list from a broken cache) must not be a figure.
 */
export function checkTeamAnswer(
  answer: TeamCertificatesStatus,
  names: string[],
): void {
  const problems: string[] = [];
  const got = answer.items.map(i => i.certificateName).sort();
  if (JSON.stringify(got) !== JSON.stringify([...names].sort()))
    problems.push(`certificates ${got.length} of ${names.length} expected`);
  for (const item of answer.items) {
    if (item.steps.issued.state !== 'done')
      problems.push(
        `${item.certificateName}: issued ${item.steps.issued.state}`,
      );
    if (item.steps.vault.vault?.currentVersion !== 1)
      problems.push(`${item.certificateName}: not in Vault`);
    if (item.source !== 'both')
      problems.push(`${item.certificateName}: source ${item.source}`);
  }
  if (answer.clusters.some(c => !c.ok)) problems.push('a cluster failed');
  if (problems.length > 0)
    throw new Error(
      `status bench: wrong answer: ${problems.slice(0, 5).join('; ')}`,
    );
}

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
  const names: string[] = [];
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
    names.push(name);
  }
  const server = setupServer(...cluster.handlers(), ...vault.handlers());
  server.listen({ onUnhandledRequest: 'error' });
  const config = statusConfig({
    clusters: [cluster.config],
    vault: vault.config,
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
  /** The latency of one request; its answer is checked after the clock stops. */
  const timed = async (fn: () => Promise<TeamCertificatesStatus>) => {
    const t0 = performance.now();
    const answer = await fn();
    const ms = performance.now() - t0;
    checkTeamAnswer(answer, names);
    return ms;
  };
  try {
    // Warm-up of the JIT and the client libraries, not counted; its answer is checked first.
    checkTeamAnswer(await newService().teamStatus(team), names);

    let before = calls();
    const cold: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const service = newService();
      cold.push(await timed(() => service.teamStatus(team)));
    }
    const coldCalls = calls() - before;

    const service = newService();
    await service.teamStatus(team);
    const warmRounds = rounds * 5;
    before = calls();
    const warm: number[] = [];
    for (let r = 0; r < warmRounds; r++)
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
    const cold20Calls = calls() - before;

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

    const last = await warmService.teamStatus(team);
    checkTeamAnswer(last, names);
    const body = JSON.stringify(last);
    return {
      certificates: n,
      latency: { kubernetesMs: cluster.latencyMs, vaultMs: vault.latencyMs },
      coldSingle: figures(1, rounds, cold, coldCalls),
      warmSingle: figures(1, warmRounds, warm, warmCalls),
      cold20Concurrent: figures(20, rounds, cold20, cold20Calls),
      warm20Concurrent: figures(20, rounds, warm20, warm20Calls),
      responseBytes: body.length,
    };
  } finally {
    server.close();
  }
}

/** The bench's figures as printed by `npm run bench`, each with its unit. */
export function formatStatusBench(r: StatusBenchResult): string[] {
  const lines = [
    `status: team endpoint, ${r.certificates} certificates, fake latency ${r.latency.kubernetesMs} ms per Kubernetes call and ${r.latency.vaultMs} ms per Vault call; every answer checked`,
  ];
  for (const key of [
    'coldSingle',
    'warmSingle',
    'cold20Concurrent',
    'warm20Concurrent',
  ] as const) {
    const f = r[key];
    const l = f.latencyMsPerRequest;
    lines.push(
      `  ${key.padEnd(18)} ${String(f.upstreamCallsPerRound).padStart(
        5,
      )} upstream calls per round of ${String(f.viewers).padStart(
        2,
      )} viewer(s)  per request: p50 ${l.p50} ms, p95 ${l.p95} ms, max ${
        l.max
      } ms  (${f.rounds} rounds, ${f.requests} requests)`,
    );
  }
  lines.push(
    `  response size ${(r.responseBytes / 1024).toFixed(0)} KiB per answer`,
  );
  return lines;
}
