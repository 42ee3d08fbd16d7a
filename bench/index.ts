/*
 * Benchmarks of the certificates platform; `npm run bench` runs them all and
 * prints the figures. `npm run bench -- render` (or github, status) runs one.
 * Upstream services are msw fakes counting their calls; nothing leaves the
 * machine. Each bench checks its answers before its figures count, and runs
 * once, small, in the Jest suite (the *Bench.test.ts files beside them).
 */
import {
  formatRenderBench,
  runRenderBench,
} from '../plugins/certificates-node/src/__testUtils__/renderBench';
import {
  formatGithubBench,
  runGithubCallBench,
} from '../plugins/certificates-backend/src/services/Gitops/github/__testUtils__/bench';
import {
  formatGithubBatchBench,
  runGithubBatchBench,
} from '../plugins/certificates-backend/src/services/Gitops/github/__testUtils__/batchBench';
import {
  formatRefresherBench,
  runRefresherBench,
} from '../plugins/certificates-backend/src/services/Status/__testUtils__/refresherBench';
import {
  formatStatusBench,
  runStatusBench,
} from '../plugins/certificates-backend/src/services/Status/__testUtils__/statusBench';

import {
  formatYearBench,
  runYearBench,
} from '../packages/platform-simulator/src/bench/yearBench';

const benches: Record<string, () => Promise<string[]>> = {
  async render() {
    return formatRenderBench(
      runRenderBench(Number(process.env.BENCH_SECONDS ?? 5)),
    );
  },
  async github() {
    return formatGithubBench(await runGithubCallBench());
  },
  async bulk() {
    return formatGithubBatchBench(await runGithubBatchBench());
  },
  async 'status-refresh'() {
    return formatRefresherBench(await runRefresherBench());
  },
  async status() {
    return formatStatusBench(await runStatusBench());
  },
  async 'simulator-year'() {
    const result = await runYearBench();
    // A year whose renewals or alerts are wrong has no figures worth printing.
    if (!result.promtool.ok || result.renewalsLate > 0)
      throw new Error(`simulator-year failed:\n${result.promtool.output}`);
    return formatYearBench(result);
  },
};

async function main() {
  const wanted = process.argv.slice(2).filter(a => a in benches);
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    for (const line of await benches[name]()) console.log(line);
  }
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
