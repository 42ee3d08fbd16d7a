// Home, the in-app pull request page, notifications with the unread badge,
// search, and sign-in at 127.0.0.1. Runs after the request flow, whose
// request (ctx.prNumber, merged) it reads.
import path from 'node:path';
import {
  FRONTEND,
  artifacts,
  REQUEST,
  checkAccessibility,
  gotoSignedIn,
  openSignedIn,
  screenshot,
} from '../lib.mjs';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Screenshots of the page as it is, at desktop and phone size. */
async function screenshotBoth(ctx, name) {
  await ctx.page.setViewportSize(DESKTOP);
  await screenshot(ctx, `${name}-1440`);
  await ctx.page.setViewportSize(PHONE);
  await ctx.page.waitForTimeout(300);
  await screenshot(ctx, `${name}-390`);
  await ctx.page.setViewportSize(DESKTOP);
}

/** Retries `check` (which throws until the page shows what it waits for) up to `ms`. */
async function eventually(ms, check) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 3000));
    }
  }
}

export const linksFlow = [
  {
    name: '/ shows the home with the user’s certificate count',
    run: async ctx => {
      const { page } = ctx;
      const card = page.getByText('Your certificates').first();
      if (!(await openSignedIn(page, `${FRONTEND}/`, card)))
        throw new Error('the home page did not show "Your certificates"');
      const count = Number(
        await page.getByLabel('Certificate count').innerText(),
      );
      if (!(count >= 1))
        throw new Error(
          `the home counts ${count} certificates, not at least 1`,
        );
      await page.getByText('of team-a', { exact: false }).first().waitFor();
      await page.getByText('Request a certificate').first().waitFor();
      await checkAccessibility(page, 'home');
      await screenshotBoth(ctx, 'home');
    },
  },
  {
    name: 'the request’s pull request link opens the in-app pull request page with its diff',
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(page, `${FRONTEND}/certificates`);
      const link = page
        .getByRole('link', { name: new RegExp(`#${ctx.prNumber}\\b`) })
        .first();
      await link.waitFor();
      const href = await link.getAttribute('href');
      const path = `/certificates/pull-requests/${ctx.prNumber}`;
      if (!href?.endsWith(path))
        throw new Error(`the pull request link is ${href}, not ${path}`);
      await page.goto(new URL(href, FRONTEND).toString());
      await page.getByLabel('State: Merged').waitFor();
      await page
        .getByText(/^certificate\.yaml$/)
        .first()
        .waitFor();
      // The certificate file's diff adds its DNS name.
      await page
        .locator('[data-diff="added"]')
        .filter({ hasText: REQUEST.fullName })
        .first()
        .waitFor();
      const html = await page.content();
      if (html.includes('file://'))
        throw new Error('the pull request page still holds a file:// link');
      await checkAccessibility(page, 'pull request');
      await screenshotBoth(ctx, 'pull-request');
    },
  },
  {
    name: 'the notification names the DNS name with an app link, and the sidebar counts it unread',
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(page, `${FRONTEND}/notifications`);
      const title = page
        .getByText(`Pull request merged for ${REQUEST.fullName}`)
        .first();
      await eventually(30_000, async () => {
        await page.reload();
        await title.waitFor({ timeout: 10_000 });
      });
      const href = await page
        .locator(`a[href="/certificates/pull-requests/${ctx.prNumber}"]`)
        .first()
        .getAttribute('href');
      if (!href)
        throw new Error('the notification does not link the pull request page');
      const badge = page.getByLabel('Unread notifications').first();
      const unread = Number(await badge.innerText());
      if (!(unread >= 1))
        throw new Error(
          `the sidebar badge shows ${unread}, not an unread count`,
        );
      await checkAccessibility(page, 'notifications');
      await screenshotBoth(ctx, 'notifications');
    },
  },
  {
    name: `/search?query=shop finds ${REQUEST.fullName}`,
    run: async ctx => {
      const { page } = ctx;
      const result = page.getByRole('link', { name: REQUEST.fullName }).first();
      // The collator indexes every 10 s in the e2e configuration.
      await eventually(90_000, async () => {
        await gotoSignedIn(page, `${FRONTEND}/search?query=shop`);
        await result.waitFor({ timeout: 10_000 });
      });
      const href = await result.getAttribute('href');
      if (!href?.startsWith('/certificates?request='))
        throw new Error(`the result links to ${href}, not the request view`);
      await page.getByText('Team team-a', { exact: false }).first().waitFor();
      await checkAccessibility(page, 'search');
      await screenshotBoth(ctx, 'search');
    },
  },
  {
    name: 'guest sign-in works at http://127.0.0.1:3000',
    run: async ctx => {
      const context = await ctx.browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      try {
        const errors = [];
        page.on('console', m => {
          if (m.type() === 'error' && /CORS|Access-Control/i.test(m.text()))
            errors.push(m.text());
        });
        // The home reads the certificates backend on localhost:7007 with the guest's token.
        await page.goto('http://127.0.0.1:3000/');
        await page.getByRole('button', { name: /enter/i }).click();
        await page.getByText('Your certificates').first().waitFor();
        const count = Number(
          await page.getByLabel('Certificate count').innerText(),
        );
        if (!(count >= 1))
          throw new Error(`at 127.0.0.1 the home counts ${count} certificates`);
        if (errors.length > 0)
          throw new Error(`CORS errors at 127.0.0.1: ${errors[0]}`);
        await checkAccessibility(page, 'home at 127.0.0.1');
        await page.screenshot({
          path: path.join(artifacts, 'e2e-signin-127-1440.png'),
          fullPage: true,
        });
      } finally {
        await context.close();
      }
    },
  },
];
