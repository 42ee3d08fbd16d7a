// Shared helpers of the browser test's flows (e2e/flows/*.mjs): the app's
// addresses, waiting for it, screenshots, and opening a page signed in.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
export const artifacts = path.join(root, 'artifacts');
export const FRONTEND = 'http://localhost:3000';
export const BACKEND = 'http://localhost:7007';

/** What the flow requests, and what it must find again at the end. */
export const REQUEST = { subdomain: 'shop', fullName: 'shop.example.com' };

export async function isUp(url) {
  try {
    const res = await fetch(url);
    return res.ok;
  } catch {
    return false;
  }
}

export async function waitFor(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await isUp(url)) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${seconds}s`);
}

export const screenshot = (ctx, name) =>
  ctx.page.screenshot({
    path: path.join(artifacts, `e2e-${name}.png`),
    fullPage: true,
  });

/**
 * Opens `url` in the app and waits for `ready` (a locator). Other work in the
 * tree restarts the dev backend now and then, and the app may then ask to sign
 * in again: enter as guest and open `url` again. False when neither showed.
 */
export async function openSignedIn(page, url, ready, timeout = 15_000) {
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
export async function gotoSignedIn(page, url) {
  await openSignedIn(
    page,
    url,
    page.locator('nav a[href="/certificates"]').first(),
  );
}

/** The local GitOps repository of the run (app-config.e2e.yaml). */
export const GITOPS = path.join(artifacts, 'e2e-data', 'gitops');

/**
 * Runs axe-core (WCAG 2 A and AA rules) on the page as it is now and fails
 * with the serious and critical violations it finds, naming the rule and the
 * first elements. `label` names the page in the message.
 */
export async function checkAccessibility(page, label) {
  const axePath = createRequire(import.meta.url).resolve('axe-core');
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    });
    return result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    }));
  });
  const blocking = violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  if (blocking.length > 0)
    throw new Error(
      `${label}: ${
        blocking.length
      } serious or critical accessibility violations: ${blocking
        .map(v => `${v.id} (${v.help}) at ${v.targets.join(', ')}`)
        .join('; ')}`,
    );
  return violations;
}
