import {
  FRONTEND,
  REQUEST,
  gotoSignedIn,
  openSignedIn,
  screenshot,
} from '../lib.mjs';

/** Request a certificate, merge its pull request, find it on the tab and on its card. */
export const requestFlow = [
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
