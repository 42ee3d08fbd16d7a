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
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'artifacts');
const FRONTEND = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';

/** What the flow requests, and what it must find again at the end. */
const REQUEST = { subdomain: 'shop', fullName: 'shop.example.com' };

async function isUp(url) {
  try {
    const res = await fetch(url);
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await isUp(url)) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${seconds}s`);
}

const screenshot = (ctx, name) =>
  ctx.page.screenshot({
    path: path.join(artifacts, `e2e-${name}.png`),
    fullPage: true,
  });

/**
 * Opens `url` in the app and waits for `ready` (a locator). Other work in the
 * tree restarts the dev backend now and then, and the app may then ask to sign
 * in again: enter as guest and open `url` again. False when neither showed.
 */
async function openSignedIn(page, url, ready, timeout = 15_000) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.goto(url);
    const enter = page.getByRole('button', { name: /enter/i });
    const seen = await Promise.race([
      ready.waitFor({ timeout }).then(() => 'ready'),
      enter.waitFor({ timeout }).then(() => 'sign-in'),
    ]).catch(() => 'nothing');
    if (seen !== 'sign-in') return seen === 'ready';
    await enter.click().catch(() => {});
    await enter.waitFor({ state: 'hidden', timeout: 30_000 }).catch(() => {});
  }
  return false;
}

/** Opens `url` in the app, signing in again when asked (see openSignedIn). */
async function gotoSignedIn(page, url) {
  await openSignedIn(
    page,
    url,
    page.locator('nav a[href="/certificates"]').first(),
  );
}

/** The app and the browser. */
const setup = [
  {
    name: 'backend answers /api/certificates/health',
    run: () => waitFor(`${BACKEND}/api/certificates/health`, 300),
  },
  { name: 'frontend serves the app', run: () => waitFor(FRONTEND, 300) },
  {
    // Sign-in puts the guest's catalog groups in its token; before the catalog has
    // read the embedded org, the token would name no team and the form offers none.
    name: 'the catalog has the guest user in team-a',
    run: async () => {
      const deadline = Date.now() + 180_000;
      for (;;) {
        const refs = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        })
          .then(r => r.json())
          .then(b => b?.backstageIdentity?.identity?.ownershipEntityRefs ?? [])
          .catch(() => []);
        if (refs.includes('group:default/team-a')) return;
        if (Date.now() > deadline)
          throw new Error(
            `the guest's token names ${JSON.stringify(
              refs,
            )}, not group:default/team-a, after 180s`,
          );
        await new Promise(r => setTimeout(r, 3000));
      }
    },
  },
  {
    name: 'Chromium starts',
    run: async ctx => {
      const { chromium } = await import('playwright-core');
      ctx.browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-quic',
        ],
      });
      ctx.page = await ctx.browser.newPage({
        viewport: { width: 1440, height: 1000 },
      });
      ctx.page.setDefaultTimeout(60_000);
    },
  },
  {
    name: 'sign in as guest',
    run: async ({ page }) => {
      // The dev backend restarts when files change (other work in the tree): retry a few times.
      for (let attempt = 1; ; attempt++) {
        await page.goto(`${FRONTEND}/certificates`);
        await page.getByRole('button', { name: /enter/i }).click();
        const ok = await page
          .getByText('TLS certificates')
          .first()
          .waitFor({ timeout: 30_000 })
          .then(
            () => true,
            () => false,
          );
        if (ok) return;
        if (attempt >= 4)
          throw new Error('guest sign-in did not succeed after 4 attempts');
        await waitFor(`${BACKEND}/api/certificates/health`, 60);
      }
    },
  },
  {
    name: 'certificates page is in the sidebar',
    run: ({ page }) =>
      page.locator('nav a[href="/certificates"]').first().waitFor(),
  },
];

/** Request a certificate, merge its pull request, find it on the tab and on its card. */
const requestFlow = [
  {
    name: 'form shows the full name as it is typed',
    run: async ctx => {
      await ctx.page.getByLabel('Subdomain').fill(REQUEST.subdomain);
      await ctx.page
        .getByTestId('full-name')
        .filter({ hasText: REQUEST.fullName })
        .waitFor();
      await screenshot(ctx, 'form');
    },
  },
  {
    name: 'preview lists the files of the pull request',
    run: async ctx => {
      // The folder is the renderer's name for the certificate; the file is always certificate.yaml.
      await ctx.page
        .getByText(/^tenants\/team-a\/certificates\/[^/]+\/certificate\.yaml$/)
        .first()
        .waitFor();
      await screenshot(ctx, 'preview');
    },
  },
  {
    name: 'submit opens a pull request',
    run: async ctx => {
      await ctx.page
        .getByRole('button', { name: 'Request certificate' })
        .click();
      const link = ctx.page.getByText(/Pull request #\d+/).first();
      await link.waitFor();
      ctx.prNumber = Number(/#(\d+)/.exec(await link.innerText())[1]);
    },
  },
  {
    name: 'merge locally changes the state',
    run: async ctx => {
      await ctx.page.getByRole('button', { name: 'Merge' }).first().click();
      await ctx.page.getByText('merged', { exact: true }).first().waitFor();
      await screenshot(ctx, 'merged');
    },
  },
  {
    name: "team-a's Certificates tab lists the request",
    run: async ctx => {
      await gotoSignedIn(
        ctx.page,
        `${FRONTEND}/catalog/default/group/team-a/certificates`,
      );
      const table = ctx.page.getByRole('table', {
        name: 'Certificates of team-a',
      });
      await table.waitFor();
      const row = table
        .getByTestId('certificate-row')
        .filter({ hasText: REQUEST.fullName })
        .first();
      await row.waitFor();
      // The row links to the certificate's Resource entity: the next step follows it.
      ctx.entityPath = await row.locator('a').first().getAttribute('href');
      if (!ctx.entityPath?.startsWith('/catalog/default/resource/'))
        throw new Error(`the row links to ${ctx.entityPath}, not a Resource`);
      await screenshot(ctx, 'team-tab');
    },
  },
  {
    name: `the status card shows ${REQUEST.fullName} and its merged pull request`,
    run: async ctx => {
      const { page } = ctx;
      // The Resource appears after the catalog module's refresh (every minute,
      // and later when the dev backend restarts meanwhile).
      const deadline = Date.now() + 240_000;
      for (;;) {
        const card = page.getByText('Certificate status').first();
        if (await openSignedIn(page, `${FRONTEND}${ctx.entityPath}`, card))
          break;
        if (Date.now() > deadline)
          throw new Error('the certificate entity did not appear within 240s');
        await page.waitForTimeout(5_000);
      }
      const stepper = page.getByLabel('Certificate lifecycle');
      await stepper.waitFor();
      // Only a request that went through the flow has these facts: its name and its pull request.
      const fact = label =>
        page
          .getByText(label, { exact: true })
          .locator('xpath=following-sibling::*[1]');
      await fact('Names')
        .filter({ hasText: REQUEST.fullName })
        .first()
        .waitFor();
      await fact('Pull request')
        .filter({ hasText: `#${ctx.prNumber} (merged)` })
        .first()
        .waitFor();
      await screenshot(ctx, 'status-card');
    },
  },
];

/** The local GitOps repository of the run (app-config.e2e.yaml). */
const GITOPS = path.join(artifacts, 'e2e-data', 'gitops');

/** Decommission the certificate from its status card, merge that pull request, see it go. */
const decommissionFlow = [
  {
    name: 'the status card opens a decommission pull request',
    run: async ctx => {
      const { page } = ctx;
      if (!fs.existsSync(path.join(GITOPS, 'tenants', 'team-a')))
        throw new Error('the merged request left no tenants/team-a folder');
      await page.goto(`${FRONTEND}${ctx.entityPath}`);
      page.once('dialog', dialog => dialog.accept());
      await page.getByRole('button', { name: 'Decommission' }).click();
      const outcome = page
        .getByTestId('certificate-action-outcome')
        .filter({ hasText: /Decommission pull request #\d+ is open/ });
      await outcome.waitFor();
      ctx.decommissionPr = Number(/#(\d+)/.exec(await outcome.innerText())[1]);
      if (ctx.decommissionPr === ctx.prNumber)
        throw new Error('the decommission reused the request pull request');
      await page
        .getByTestId('decommission-state')
        .filter({ hasText: 'decommissioning' })
        .waitFor();
      await screenshot(ctx, 'decommissioning');
    },
  },
  {
    name: 'merging the decommission removes the certificate and the team bundle',
    run: async ctx => {
      const { page } = ctx;
      await page.goto(`${FRONTEND}/certificates`);
      const row = page
        .getByRole('row')
        .filter({ hasText: `#${ctx.decommissionPr}` });
      await row.getByRole('button', { name: /Merge/ }).click();
      await row.getByText('merged', { exact: true }).waitFor();
      // Its last certificate gone, team-a's folder goes with it.
      if (fs.existsSync(path.join(GITOPS, 'tenants', 'team-a')))
        throw new Error('tenants/team-a is still in the GitOps repository');
      await page.goto(`${FRONTEND}${ctx.entityPath}`);
      await page
        .getByTestId('decommission-state')
        .filter({ hasText: 'decommissioned' })
        .waitFor();
      await screenshot(ctx, 'decommissioned');
    },
  },
];

const STEPS = [...setup, ...requestFlow, ...decommissionFlow];

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
