// Browser test against the app on embedded defaults: starts Backstage, signs in
// as guest, requests a certificate through the form, sees the preview and the
// pull request, merges it locally, finds the certificate on team-a's
// Certificates tab and on its Resource entity's status card, and saves
// screenshots in artifacts/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'artifacts');
const FRONTEND = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';
const results = [];

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

async function step(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}: ${error.message.split('\n')[0]}`);
    throw error;
  }
}

if (
  (await isUp(`${BACKEND}/api/certificates/health`)) ||
  (await isUp(FRONTEND))
) {
  console.error('e2e: ports 3000/7007 are in use; stop the running app first');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

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

let browser;
let page;
try {
  await step('backend answers /api/certificates/health', () =>
    waitFor(`${BACKEND}/api/certificates/health`, 300),
  );
  await step('frontend serves the app', () => waitFor(FRONTEND, 300));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(60_000);

  await step('sign in as guest', async () => {
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
      if (ok) break;
      if (attempt >= 4)
        throw new Error('guest sign-in did not succeed after 4 attempts');
      await waitFor(`${BACKEND}/api/certificates/health`, 60);
    }
  });
  await step('certificates page is in the sidebar', async () => {
    await page.locator('nav a[href="/certificates"]').first().waitFor();
  });
  await step('form shows the full name as it is typed', async () => {
    await page.getByLabel('Subdomain').fill('shop');
    await page
      .getByTestId('full-name')
      .filter({ hasText: 'shop.example.com' })
      .waitFor();
    await page.screenshot({
      path: path.join(artifacts, 'e2e-form.png'),
      fullPage: true,
    });
  });
  await step('preview lists the files of the pull request', async () => {
    await page
      .getByText(
        'tenants/team-a/certificates/shop-example-com/certificate.yaml',
      )
      .first()
      .waitFor();
    await page.screenshot({
      path: path.join(artifacts, 'e2e-preview.png'),
      fullPage: true,
    });
  });
  await step('submit opens a pull request', async () => {
    await page.getByRole('button', { name: 'Request certificate' }).click();
    await page
      .getByText(/Pull request #1/)
      .first()
      .waitFor();
  });
  await step('merge locally changes the state', async () => {
    await page.getByRole('button', { name: 'Merge' }).first().click();
    await page.getByText('merged', { exact: true }).first().waitFor();
    await page.screenshot({
      path: path.join(artifacts, 'e2e-merged.png'),
      fullPage: true,
    });
  });
  await step("team-a's Certificates tab lists the request", async () => {
    await page.goto(`${FRONTEND}/catalog/default/group/team-a/certificates`);
    const table = page.getByRole('table', { name: 'Certificates of team-a' });
    await table.waitFor();
    await table.getByText('shop.example.com').first().waitFor();
    await page.screenshot({
      path: path.join(artifacts, 'e2e-team-tab.png'),
      fullPage: true,
    });
  });
  await step(
    'the certificate entity shows the status card with the steps',
    async () => {
      // The Resource appears after the catalog module's refresh (every minute).
      const url = `${FRONTEND}/catalog/default/resource/team-a-shop-example-com`;
      const deadline = Date.now() + 150_000;
      for (;;) {
        await page.goto(url);
        const card = page.getByText('Certificate status').first();
        if (
          await card.waitFor({ timeout: 10_000 }).then(
            () => true,
            () => false,
          )
        )
          break;
        if (Date.now() > deadline)
          throw new Error('the certificate entity did not appear within 150s');
        await page.waitForTimeout(5_000);
      }
      const stepper = page.getByLabel('Certificate lifecycle');
      await stepper.waitFor();
      for (const label of [
        'Requested',
        'Pull request merged',
        'Synced to the cluster',
        'Certificate issued',
        'Pushed to Vault',
      ]) {
        await stepper.getByText(label, { exact: true }).waitFor();
      }
      await page.screenshot({
        path: path.join(artifacts, 'e2e-status-card.png'),
        fullPage: true,
      });
    },
  );
} catch {
  // The failed step is already reported; keep what the browser showed.
  await page
    ?.screenshot({
      path: path.join(artifacts, 'e2e-failure.png'),
      fullPage: true,
    })
    .catch(() => {});
} finally {
  await browser?.close();
  try {
    process.kill(-app.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
