// The app and the browser: everything the other flows start from.
import { BACKEND, FRONTEND, waitFor } from '../lib.mjs';

/** The app and the browser. */
export const setup = [
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
