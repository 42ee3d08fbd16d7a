import {
  FRONTEND,
  REQUEST,
  checkAccessibility,
  gotoSignedIn,
  openSignedIn,
  screenshot,
} from '../lib.mjs';

/** The Subdomain field's helper text, which describes it. */
const subdomainHelp = page => page.locator('#subdomain-helper-text');

/** Request a certificate, merge its pull request, find it on the tab and on its card. */
export const requestFlow = [
  {
    name: 'form: Request is disabled while the subdomain is empty, and the subdomain says why',
    run: async ctx => {
      const { page } = ctx;
      const button = page.getByRole('button', { name: 'Request certificate' });
      // team-a holds shop.example.com and below, not example.com itself.
      await subdomainHelp(page)
        .filter({
          hasText:
            'enter a subdomain: team-a may not request example.com itself',
        })
        .waitFor();
      if (await button.isEnabled())
        throw new Error('Request is enabled with an empty subdomain');
      await checkAccessibility(page, 'requests page');
    },
  },
  {
    name: "form: a name that is not the team's is refused under Subdomain as typed, nothing sent",
    run: async ctx => {
      const { page } = ctx;
      const posts = [];
      const onRequest = r => {
        if (
          r.method() === 'POST' &&
          r.url().endsWith('/api/certificates/requests')
        )
          posts.push(r.url());
      };
      page.on('request', onRequest);
      await page.getByLabel('Subdomain').fill('api');
      await subdomainHelp(page)
        .filter({ hasText: 'team-a may not request api.example.com' })
        .waitFor();
      const button = page.getByRole('button', { name: 'Request certificate' });
      if (await button.isEnabled())
        throw new Error('Request is enabled for api.example.com');
      // The domain field keeps its own helper text: the error is not put there.
      const domainHelp = await page.locator('#domain-helper-text').innerText();
      if (/may not request/.test(domainHelp))
        throw new Error(`the error landed under Domain: ${domainHelp}`);
      await page.waitForTimeout(800);
      page.off('request', onRequest);
      if (posts.length > 0) throw new Error('a request was submitted');
      await screenshot(ctx, 'form-refused');
    },
  },
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
    name: "preview groups the files, the team's Certificate first and open",
    run: async ctx => {
      const { page } = ctx;
      const groups = page.locator('[data-testid^="preview-group-"]');
      await groups.first().waitFor();
      const order = await groups.evaluateAll(els =>
        els.map(e => e.getAttribute('data-testid')),
      );
      if (order[0] !== 'preview-group-certificate' || order.length < 2)
        throw new Error(`preview groups are ${order.join(', ')}`);
      // The folder is the renderer's name for the certificate; the file is always certificate.yaml.
      const first = page
        .getByTestId('preview-group-certificate')
        .getByTestId('preview-file')
        .first();
      const path = await first.locator('h4').innerText();
      if (
        !/^tenants\/team-a\/certificates\/[^/]+\/certificate\.yaml$/.test(path)
      )
        throw new Error(`the first file is ${path}`);
      if (!(await first.getByText(REQUEST.fullName).first().isVisible()))
        throw new Error(`certificate.yaml does not name ${REQUEST.fullName}`);
      // The other groups are folded: their files are not on screen.
      const platform = page.getByTestId('preview-group-tenant');
      if (await platform.getByTestId('preview-file').first().isVisible())
        throw new Error('the platform files are unfolded');
      const button = page.getByRole('button', { name: 'Request certificate' });
      if (!(await button.isEnabled()))
        throw new Error('Request is disabled for a valid request');
      await checkAccessibility(page, 'form with preview');
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
      await ctx.page.getByText('Certificates of team-a').first().waitFor();
      const row = ctx.page
        .getByRole('row')
        .filter({ hasText: REQUEST.fullName })
        .first();
      await row.waitFor();
      // The row links to the certificate's Resource entity: the next step follows it.
      ctx.entityPath = await row.locator('a').first().getAttribute('href');
      if (!ctx.entityPath?.startsWith('/catalog/default/resource/'))
        throw new Error(`the row links to ${ctx.entityPath}, not a Resource`);
      // The row names what its request was and links to it.
      await row.getByText('New', { exact: true }).waitFor();
      const view = await row
        .getByRole('link', { name: 'View' })
        .getAttribute('href');
      if (!/^\/certificates\?request=[0-9a-f-]{36}$/.test(view ?? ''))
        throw new Error(`the row's request link is ${view}`);
      await ctx.page
        .getByTestId('updated-ago')
        .filter({ hasText: /^Status updated (just now|\d+ min ago)$/ })
        .waitFor();
      await checkAccessibility(ctx.page, 'team tab');
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
      await page
        .getByTestId('updated-ago')
        .filter({ hasText: /^Status updated (just now|\d+ min ago)$/ })
        .first()
        .waitFor();
      await checkAccessibility(page, 'status card');
      await screenshot(ctx, 'status-card');
    },
  },
];
