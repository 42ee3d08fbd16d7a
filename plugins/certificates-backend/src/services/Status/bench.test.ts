import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { runStatusBench } from './bench';

// Runs only on demand: STATUS_BENCH=1 (see bench/status/run.sh).
const maybe = process.env.STATUS_BENCH ? it : it.skip;

maybe('status benchmark: 500 certificates, cold/warm, 20 concurrent viewers', async () => {
  const result = await runStatusBench();
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(result, null, 2));
  const dir = resolve(__dirname, '../../../../../bench/status');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  expect(result.warmSingle.upstreamCalls).toBe(0);
}, 300_000);
