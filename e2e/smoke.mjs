// Browser test against the app on embedded defaults: starts Backstage, signs in
// as guest, requests a certificate through the form, sees the preview and the
// pull request, merges it locally, finds the certificate on team-a's
// Certificates tab and on its Resource entity's status card, decommissions it
// from that card and merges the decommission, and saves screenshots in
// artifacts/.
//
// Every step is listed in STEPS before anything runs, the browser start
// included. The run prints how many steps it expected and how many ran; a
// step that did not run (because an earlier one failed, or the script died)
// counts as failed. To add steps, add entries to a flow below (each step may
// read and write `ctx`, the state the flow carries from step to step).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { artifacts, BACKEND, FRONTEND, isUp, root } from './lib.mjs';
import { setup } from './flows/setup.mjs';
import { requestFlow } from './flows/request.mjs';
import { lifecycleFlow } from './flows/lifecycle.mjs';
import { decommissionFlow } from './flows/decommission.mjs';
import { linksFlow } from './flows/links.mjs';
import { bulkCancelFlow } from './flows/bulkCancel.mjs';
import {
  faceAfterDecommission,
  faceFlow,
  localPullRequestLinks,
  phoneFlow,
} from './flows/face.mjs';

// Each flow lives in its own file under flows/; add a flow there and list it here.
const STEPS = [
  ...setup,
  ...requestFlow,
  ...linksFlow,
  ...faceFlow,
  ...lifecycleFlow,
  ...decommissionFlow,
  ...faceAfterDecommission,
  ...bulkCancelFlow,
  ...phoneFlow,
  ...localPullRequestLinks,
];

/** Runs the steps in order; after a failure the rest are reported as not run. */
async function runSteps(steps, ctx) {
  const results = [];
  for (const step of steps) {
    if (results.some(r => !r.ok)) {
      results.push({ name: step.name, ok: false, ran: false });
      console.log(`  - ${step.name}: not run`);
      continue;
    }
    try {
      await step.run(ctx);
      results.push({ name: step.name, ok: true, ran: true });
      console.log(`  ✓ ${step.name}`);
    } catch (error) {
      results.push({ name: step.name, ok: false, ran: true });
      console.log(
        `  ✗ ${step.name}: ${String(error?.message ?? error).split('\n')[0]}`,
      );
    }
  }
  return results;
}

console.log(`e2e: expected ${STEPS.length} steps`);
let results = [];
if (
  (await isUp(`${BACKEND}/api/certificates/health`)) ||
  (await isUp(FRONTEND))
) {
  console.error('e2e: ports 3000/7007 are in use; stop the running app first');
} else {
  fs.rmSync(path.join(artifacts, 'e2e-data'), { recursive: true, force: true });
  fs.mkdirSync(path.join(artifacts, 'e2e-data'), { recursive: true });
  const log = fs.openSync(path.join(artifacts, 'e2e-app.log'), 'w');
  const app = spawn(
    'yarn',
    [
      'dev',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(root, 'e2e/app-config.e2e.yaml'),
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, BROWSER: 'none' },
    },
  );
  const ctx = {};
  try {
    results = await runSteps(STEPS, ctx);
    if (results.some(r => !r.ok))
      await ctx.page?.screenshot({
        path: path.join(artifacts, 'e2e-failure.png'),
        fullPage: true,
      });
  } catch {
    // A failed screenshot changes nothing: the steps are already counted.
  } finally {
    await ctx.browser?.close().catch(() => {});
    try {
      process.kill(-app.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

const passed = results.filter(r => r.ok).length;
const ran = results.filter(r => r.ran).length;
// A step that did not pass, or never ran, is a failure.
const failed = STEPS.length - passed;
console.log(`e2e: expected ${STEPS.length}, ran ${ran}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
