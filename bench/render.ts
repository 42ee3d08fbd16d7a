/* Renders and strictly validates request bundles on one core; prints bundles per second. */
import { runRenderBench } from '../plugins/certificates-node/src/bench/renderBench';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const result = runRenderBench(seconds);
console.log(
  `render: ${result.bundlesPerSecond.toFixed(0)} bundles/s rendered and validated (${result.bundles} bundles, ${result.files} files, ${result.seconds.toFixed(1)} s)`,
);
