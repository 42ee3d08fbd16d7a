// Temporary (not committed): walk the pages, log every axe violation, screenshot.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BACKEND, FRONTEND, root, waitFor, openSignedIn } from './lib.mjs';

const out = '/tmp/face-explore';
const dataDir = path.join(root, 'artifacts', 'e2e-data');
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
const log = fs.openSync(path.join(out, 'app.log'), 'w');
const app = spawn('yarn', ['dev', '--config', path.join(root, 'app-config.yaml'), '--config', path.join(root, 'e2e/app-config.e2e.yaml')], { cwd: root, detached: true, stdio: ['ignore', log, log], env: { ...process.env, BROWSER: 'none' } });
const stop = () => { try { process.kill(-app.pid, 'SIGTERM'); } catch {} };
const hard = setTimeout(() => { console.log('time up'); stop(); process.exit(2); }, 9 * 60_000);
async function axe(page, label) {
  const axePath = createRequire(import.meta.url).resolve('axe-core');
  await page.addScriptTag({ path: axePath });
  const v = await page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })).violations.map(v => ({ id: v.id, impact: v.impact, n: v.nodes.length, t: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.any[0]?.message ?? '').slice(0, 120)) })));
  console.log(`AXE ${label}: ${v.length ? JSON.stringify(v, null, 1) : 'clean'}`);
}
const shot = (page, name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
try {
  await waitFor(`${BACKEND}/api/certificates/health`, 300);
  await waitFor(FRONTEND, 300);
  for (let i = 0; i < 60; i++) {
    const refs = await fetch(`${BACKEND}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } }).then(r => r.json()).then(b => b?.backstageIdentity?.identity?.ownershipEntityRefs ?? []).catch(() => []);
    if (refs.includes('group:default/team-a')) break;
    await new Promise(r => setTimeout(r, 3000));
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(30_000);
  await page.goto(`${FRONTEND}/certificates`);
  await page.getByRole('button', { name: /enter/i }).click();
  await page.getByLabel('Subdomain').waitFor();
  await page.waitForTimeout(1500);
  await axe(page, 'requests empty'); await shot(page, 'd-requests-empty');
  await page.getByLabel('Subdomain').fill('api'); await page.waitForTimeout(1200);
  await axe(page, 'form refused'); await shot(page, 'd-form-refused');
  await page.getByLabel('Subdomain').fill('shop'); await page.waitForTimeout(2000);
  await axe(page, 'form preview'); await shot(page, 'd-form-preview');
  await page.getByRole('button', { name: 'Request certificate' }).click();
  await page.getByText(/Pull request #\d+/).first().waitFor();
  await page.getByRole('button', { name: 'Merge' }).first().click();
  await page.getByText('merged', { exact: true }).first().waitFor();
  await page.waitForTimeout(1000);
  await axe(page, 'requests list'); await shot(page, 'd-requests-list');
  const href = await page.getByTestId('request-link').first().getAttribute('href');
  await page.goto(`${FRONTEND}${href}`); await page.getByTestId('request-status').waitFor(); await page.waitForTimeout(1500);
  await axe(page, 'request view'); await shot(page, 'd-request-view');
  await page.goto(`${FRONTEND}/certificates/bulk`); await page.waitForTimeout(2000);
  await axe(page, 'bulk'); await shot(page, 'd-bulk');
  await page.goto(`${FRONTEND}/catalog/default/group/team-a/certificates`); await page.getByText('Certificates of team-a').first().waitFor(); await page.waitForTimeout(1500);
  await axe(page, 'team tab'); await shot(page, 'd-team-tab');
  const entity = await page.getByRole('row').filter({ hasText: 'shop.example.com' }).locator('a').first().getAttribute('href');
  await page.goto(`${FRONTEND}/catalog/default/group/team-b/certificates`); await page.waitForTimeout(3000);
  await axe(page, 'team-b tab'); await shot(page, 'd-team-b');
  for (let i = 0; i < 30; i++) {
    if (await openSignedIn(page, `${FRONTEND}${entity}`, page.getByText('Certificate status').first(), 8000)) break;
    await page.waitForTimeout(5000);
  }
  await page.waitForTimeout(2000);
  await axe(page, 'status card'); await shot(page, 'd-status-card');
  await page.getByRole('button', { name: 'Decommission' }).click(); await page.getByRole('dialog').waitFor(); await page.waitForTimeout(500);
  await axe(page, 'dialog'); await shot(page, 'd-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, p] of [['m-requests', '/certificates'], ['m-new', '/certificates/new'], ['m-bulk', '/certificates/bulk'], ['m-team-tab', '/catalog/default/group/team-a/certificates'], ['m-status', entity]]) {
    await page.goto(`${FRONTEND}${p}`); await page.waitForTimeout(3500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(`OVERFLOW ${name}: ${overflow}`);
    await axe(page, name); await shot(page, name);
  }
  await browser.close();
} catch (e) {
  console.log('ERROR', e.message.split('\n')[0]);
} finally {
  clearTimeout(hard);
  stop();
}
