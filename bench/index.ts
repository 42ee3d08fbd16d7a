/*
 * Benchmarks of the certificates platform; `npm run bench` runs them all and
 * prints the figures. `npm run bench -- render` (or github, status) runs one.
 * Upstream services are msw fakes counting their calls; nothing leaves the machine.
 */
import { runRenderBench } from '../plugins/certificates-node/src/__testUtils__/renderBench';
import { runGithubCallBench } from '../plugins/certificates-backend/src/services/Gitops/github/__testUtils__/bench';
import { runStatusBench } from '../plugins/certificates-backend/src/services/Status/__testUtils__/statusBench';

const benches: Record<string, () => Promise<void>> = {
  async render() {
    const seconds = Number(process.env.BENCH_SECONDS ?? 5);
    const r = runRenderBench(seconds);
    console.log(
      `render: ${r.bundlesPerSecond.toFixed(
        0,
      )} request bundles/s rendered and strictly validated on one core ` +
        `(${r.bundles} bundles, ${r.files} files in ${r.seconds.toFixed(1)} s)`,
    );
  },
  async github() {
    const rows = await runGithubCallBench();
    console.log(
      'github: calls and writes per case (msw GitHub that counts them)',
    );
    for (const row of rows) {
      console.log(
        `  ${row.case.padEnd(70)} calls ${String(row.calls).padStart(
          5,
        )}  writes ${String(row.writes).padStart(5)}`,
      );
    }
  },
  async status() {
    const r = await runStatusBench();
    console.log(
      `status: team endpoint, ${r.certificates} certificates, fake latency ${r.latency.kubernetesMs} ms per Kubernetes call and ${r.latency.vaultMs} ms per Vault call`,
    );
    for (const key of [
      'coldSingle',
      'warmSingle',
      'cold20Concurrent',
      'warm20Concurrent',
    ] as const) {
      const f = r[key];
      console.log(
        `  ${key.padEnd(18)} upstream calls ${String(f.upstreamCalls).padStart(
          4,
        )}  p50 ${f.p50Ms} ms  p95 ${f.p95Ms} ms  max ${f.maxMs} ms  (${
          f.samples
        } samples)`,
      );
    }
    console.log(`  response size ${(r.responseBytes / 1024).toFixed(0)} KiB`);
  },
};

async function main() {
  const wanted = process.argv.slice(2).filter(a => a in benches);
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    await benches[name]();
  }
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
