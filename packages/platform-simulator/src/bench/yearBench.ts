import { SimulatorClock } from '../clock';
import { parseDuration } from '../durations';
import { Fault, FaultKind } from '../faults';
import { createPlatformSimulator, PlatformSimulator } from '../simulator';
import { TestGitopsRepo } from '../testing/gitopsRepo';
import { AlertExpectation, runPromtool, SampledSeries } from './promtool';

const DAY = 86_400_000;
const START = Date.parse('2027-01-01T00:00:00Z');

export type YearBenchOptions = {
  certificates: number;
  days: number;
  /** Simulated minutes between controller passes. */
  stepMinutes: number;
  /** Scrape interval of the sampled metrics (a multiple of stepMinutes). */
  sampleMinutes: number;
  /** Faults start on this day, each on its own certificate. */
  faultDay: number;
  faults: FaultKind[];
};

export const YEAR_BENCH_DEFAULTS: YearBenchOptions = {
  certificates: 50,
  days: 365,
  stepMinutes: 30,
  sampleMinutes: 60,
  faultDay: 100,
  faults: ['challenge-stuck', 'pushsecret-failing', 'vault-stale'],
};

export type YearBenchResult = {
  options: YearBenchOptions;
  faulted: Fault[];
  issuances: number;
  /** Healthy certificates: each renewal before its predecessor expired, and how close. */
  renewalsLate: number;
  minRenewalMarginDays: number;
  maxRenewalDelayMinutes: number;
  /** Healthy certificates: the longest time Vault held an older issuance than the Secret. */
  maxVaultLagMinutes: number;
  vaultRefreshMinutes: number;
  /** The vault-stale certificate's lag at the end, to show the check sees it. */
  staleVaultLagDays?: number;
  vaultVersionsPerCertificate: number;
  promtool: {
    ok: boolean;
    output: string;
    inputBytes: number;
    series: number;
    samples: number;
  };
  expectations: AlertExpectation[];
  wallSeconds: number;
};

/** Parses the simulator's exposition, adding the labels a ServiceMonitor scrape gives. */
function scrape(
  text: string,
): Map<string, Record<string, string> & { value: string }> {
  const out = new Map<string, Record<string, string> & { value: string }>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = { __name__: m[1] };
    for (const [, k, v] of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[k] = v;
    const eso = m[1].startsWith('pushsecret_');
    if (labels.namespace) labels.exported_namespace = labels.namespace;
    labels.namespace = eso ? 'external-secrets' : 'cert-manager';
    labels.job = eso ? 'external-secrets-metrics' : 'cert-manager';
    out.set(JSON.stringify(labels), { ...labels, value: m[3] });
  }
  return out;
}

type Tracked = { revision: number; notAfter: number; renewalTime: number };

/** Renewal and Vault-lag bookkeeping of one pass, per healthy certificate. */
function observe(
  sim: PlatformSimulator,
  now: number,
  names: string[],
  seen: Map<string, Tracked>,
  r: YearBenchResult,
  healthy: Set<string>,
) {
  for (const name of names) {
    const cert = sim.store.get('certificates', 'team-a', name);
    const s = cert?.status;
    if (!s?.revision) continue;
    const prev = seen.get(name);
    if (prev && s.revision !== prev.revision) {
      r.issuances += 1;
      if (healthy.has(name)) {
        if (now >= prev.notAfter) r.renewalsLate += 1;
        r.minRenewalMarginDays = Math.min(
          r.minRenewalMarginDays,
          (prev.notAfter - now) / DAY,
        );
        r.maxRenewalDelayMinutes = Math.max(
          r.maxRenewalDelayMinutes,
          (now - prev.renewalTime) / 60_000,
        );
      }
    } else if (!prev) r.issuances += 1;
    seen.set(name, {
      revision: s.revision,
      notAfter: Date.parse(s.notAfter),
      renewalTime: Date.parse(s.renewalTime),
    });
    const issuedAt = Date.parse(s.notBefore);
    const vaultAt =
      Date.parse(sim.vault.get(`certs/team-a/${name}`)?.updated_time ?? '') ||
      0;
    const lag = vaultAt >= issuedAt ? 0 : (now - issuedAt) / 60_000;
    if (healthy.has(name))
      r.maxVaultLagMinutes = Math.max(r.maxVaultLagMinutes, lag);
    else if (sim.faults.has('vault-stale', name))
      r.staleVaultLagDays = lag / 1440;
  }
}

/**
 * 50 certificates through a simulated year: cert-manager renews each at
 * `renewalTime`, ESO copies every issuance to Vault; from `faultDay` three
 * certificates get faults. Checks that every healthy certificate renewed
 * before it expired and Vault was never more than one PushSecret refresh
 * behind, and asks promtool (the platform's rendered alert rules on the
 * sampled metrics) which certificates have firing alerts.
 */
export async function runYearBench(
  partial: Partial<YearBenchOptions> = {},
): Promise<YearBenchResult> {
  const options = { ...YEAR_BENCH_DEFAULTS, ...partial };
  const started = Date.now();
  const repo = new TestGitopsRepo();
  const names = repo.addCertificates(
    Array.from(
      { length: options.certificates },
      (_, i) => `c${String(i).padStart(2, '0')}`,
    ),
  );
  const clock = new SimulatorClock({ start: START, rate: 0 });
  const sim = await createPlatformSimulator(
    {
      gitopsPath: repo.dir,
      clusterTokens: ['t'],
      vaultToken: 'v',
      clock,
      issuers: [
        {
          name: 'letsencrypt-prod',
          server: 'https://acme-v02.api.letsencrypt.org/directory',
        },
      ],
    },
    false,
  );
  const faulted: Fault[] = options.faults.map((kind, i) => ({
    kind,
    target: names[i],
  }));
  const healthy = new Set(names.slice(options.faults.length));
  const result: YearBenchResult = {
    options,
    faulted,
    issuances: 0,
    renewalsLate: 0,
    minRenewalMarginDays: Infinity,
    maxRenewalDelayMinutes: 0,
    maxVaultLagMinutes: 0,
    vaultRefreshMinutes: (parseDuration('1h') ?? 0) / 60_000,
    vaultVersionsPerCertificate: 0,
    promtool: { ok: false, output: '', inputBytes: 0, series: 0, samples: 0 },
    expectations: [],
    wallSeconds: 0,
  };
  const samples: Array<
    Map<string, Record<string, string> & { value: string }>
  > = [];
  const seen = new Map<string, Tracked>();
  try {
    await sim.step();
    const steps = (options.days * 1440) / options.stepMinutes;
    const perSample = options.sampleMinutes / options.stepMinutes;
    for (let i = 0; i <= steps; i++) {
      const now = clock.now();
      if (i === (options.faultDay * 1440) / options.stepMinutes)
        faulted.forEach(f => sim.faults.add(f));
      await sim.reconcile();
      observe(sim, now, names, seen, result, healthy);
      if (i % perSample === 0) samples.push(scrape(sim.metrics()));
      clock.advance(options.stepMinutes * 60_000);
    }
    result.vaultVersionsPerCertificate =
      [...healthy].reduce(
        (n, name) =>
          n + (sim.vault.get(`certs/team-a/${name}`)?.current_version ?? 0),
        0,
      ) / healthy.size;
  } finally {
    await sim.close();
  }
  const keys = new Map<string, Record<string, string>>();
  for (const s of samples)
    for (const [k, v] of s)
      if (!keys.has(k)) keys.set(k, (({ value, ...labels }) => labels)(v));
  const series: SampledSeries[] = [...keys].map(([k, labels]) => ({
    labels,
    values: samples.map(s => (s.has(k) ? Number(s.get(k)!.value) : undefined)),
  }));
  // Alerts fire only for the certificates whose faults the rules watch (Vault staleness has no rule).
  const alerting = faulted
    .filter(f => f.kind !== 'vault-stale')
    .map(f => f.target)
    .sort();
  const at = (day: number) => `${day * 1440}m`;
  result.expectations = [
    { evalTime: at(Math.floor(options.faultDay / 3)), firingFor: [] },
    { evalTime: at(options.faultDay - 1), firingFor: [] },
    { evalTime: at(options.days - 1), firingFor: alerting },
  ];
  const run = runPromtool({
    platform: repo.platform,
    series,
    intervalMinutes: options.sampleMinutes,
    expectations: result.expectations,
  });
  result.promtool = {
    ...run,
    series: series.length,
    samples: series.length * samples.length,
  };
  repo.cleanup();
  result.wallSeconds = (Date.now() - started) / 1000;
  return result;
}

export function formatYearBench(r: YearBenchResult): string[] {
  const o = r.options;
  return [
    `simulator-year: ${o.certificates} certificates, ${
      o.days
    } simulated days in ${r.wallSeconds.toFixed(1)} s wall (${
      o.stepMinutes
    }-minute passes)`,
    `  issuances ${r.issuances}; healthy certificates renewed late ${
      r.renewalsLate
    }; closest renewal ${r.minRenewalMarginDays.toFixed(
      1,
    )} days before expiry; at most ${r.maxRenewalDelayMinutes.toFixed(
      0,
    )} min after renewalTime`,
    `  Vault: at most ${r.maxVaultLagMinutes.toFixed(
      0,
    )} min behind (refresh period ${
      r.vaultRefreshMinutes
    } min); ${r.vaultVersionsPerCertificate.toFixed(
      1,
    )} versions per certificate${
      r.staleVaultLagDays !== undefined
        ? `; the vault-stale certificate ${r.staleVaultLagDays.toFixed(
            1,
          )} days behind`
        : ''
    }`,
    `  faults from day ${o.faultDay}: ${r.faulted
      .map(f => `${f.kind} on ${f.target}`)
      .join(', ')}`,
    `  promtool test rules: ${r.promtool.ok ? 'PASS' : 'FAIL'} (${
      r.promtool.series
    } series, ${r.promtool.samples} samples, ${(
      r.promtool.inputBytes / 1024
    ).toFixed(0)} KiB input); firing ${r.expectations
      .map(e => `at ${e.evalTime}: [${e.firingFor.join(', ')}]`)
      .join('; ')}`,
  ];
}
