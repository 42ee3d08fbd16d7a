// The pages people use every day, as a user finds them after a request:
// the request list (links, kind, search by DNS name), the request view, the
// form's ?team=, another team's tab, and the status card's Renew now.
import {
  FRONTEND,
  REQUEST,
  checkAccessibility,
  gotoSignedIn,
  openSignedIn,
  screenshot,
} from '../lib.mjs';

/** The requests page with the list loaded. */
async function openRequests(page) {
  await gotoSignedIn(page, `${FRONTEND}/certificates`);
  await page.getByPlaceholder('Search by DNS name').waitFor();
}

/** The request list's row of the certificate with this kind of change. */
const requestRow = (page, kind) =>
  page
    .getByRole('row')
    .filter({ hasText: REQUEST.fullName })
    .filter({ has: page.getByRole('cell', { name: kind, exact: true }) });

/** After the request flow: the list, the request view, ?team=, team-b, Renew now. */
export const faceFlow = [
  {
    name: 'request list: the DNS-name search finds the row; it links to the request and the catalog entity and says New',
    run: async ctx => {
      const { page } = ctx;
      await openRequests(page);
      await page.getByPlaceholder('Search by DNS name').fill(REQUEST.fullName);
      const row = requestRow(page, 'New');
      await row.waitFor();
      // Rows of the list's own table (the sidebar's unread badge is a row of a tag group).
      const rows = await page
        .getByRole('table')
        .filter({ has: row })
        .getByRole('row')
        .count();
      // Header and the one matching row: nothing else survives the search.
      if (rows !== 2) throw new Error(`the search left ${rows - 1} rows`);
      const request = row.getByTestId('request-link');
      ctx.requestHref = await request.getAttribute('href');
      if (
        !/^\/certificates\?request=[0-9a-f-]{36}$/.test(ctx.requestHref ?? '')
      )
        throw new Error(`the name links to ${ctx.requestHref}`);
      const entity = await row
        .locator('a[href^="/catalog/default/resource/"]')
        .getAttribute('href');
      if (entity !== ctx.entityPath)
        throw new Error(
          `the entity link is ${entity}, the tab's ${ctx.entityPath}`,
        );
      await checkAccessibility(page, 'request list');
      // The page scrolls inside the app's content: bring the list into the picture.
      await row.scrollIntoViewIfNeeded();
      await screenshot(ctx, 'request-list-search');
      await request.click();
      await page.getByText(`Request for ${REQUEST.fullName}`).first().waitFor();
      await page
        .getByTestId('request-status')
        .getByText('merged', { exact: true })
        .first()
        .waitFor();
      await checkAccessibility(page, 'request view');
      await screenshot(ctx, 'request-view');
    },
  },
  {
    name: "the team tab's Request a certificate opens the form for team-a (?team=)",
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(
        page,
        `${FRONTEND}/catalog/default/group/team-a/certificates`,
      );
      // A LinkButton: an anchor with the button role.
      const link = page.locator('a', { hasText: 'Request a certificate' });
      const href = await link.getAttribute('href');
      if (href !== '/certificates/new?team=team-a')
        throw new Error(`the tab links to ${href}`);
      await link.click();
      await page.getByLabel('Subdomain').waitFor();
      const team = await page.getByLabel('Team').innerText();
      if (team.trim() !== 'team-a') throw new Error(`Team shows ${team}`);
      await checkAccessibility(page, 'new request page');
      await screenshot(ctx, 'new-request');
    },
  },
  {
    name: '?team= of a team the guest is not in says so and offers their own team',
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(page, `${FRONTEND}/certificates/new?team=team-b`);
      await page.getByText('You are not a member of team-b').waitFor();
      const team = await page.getByLabel('Team').innerText();
      if (team.trim() !== 'team-a') throw new Error(`Team shows ${team}`);
    },
  },
  {
    name: "team-b's Certificates tab tells the guest plainly, with no Retry",
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(
        page,
        `${FRONTEND}/catalog/default/group/team-b/certificates`,
      );
      await page
        .getByTestId('team-not-visible')
        .filter({ hasText: 'visible to its members only' })
        .waitFor();
      if ((await page.getByRole('button', { name: 'Retry' }).count()) > 0)
        throw new Error('a Retry button is offered');
      if ((await page.getByText(/team team-b not found/).count()) > 0)
        throw new Error('the raw 404 message is shown');
      await checkAccessibility(page, "team-b's tab");
      await screenshot(ctx, 'team-b-tab');
    },
  },
  {
    name: 'Renew now on the status card follows what the status answer says about renewing',
    run: async ctx => {
      const { page } = ctx;
      const answer = page.waitForResponse(
        r =>
          /\/api\/certificates\/certificates\/team-a\/[^/]+$/.test(r.url()) &&
          r.request().method() === 'GET' &&
          r.ok(),
      );
      await openSignedIn(
        page,
        `${FRONTEND}${ctx.entityPath}`,
        page.getByText('Certificate status').first(),
      );
      const { renew, names } = await (await answer).json();
      if (!renew || typeof renew.allowed !== 'boolean')
        throw new Error(
          `the status answer has no renew field: ${JSON.stringify(renew)}`,
        );
      if (!names.includes(REQUEST.fullName))
        throw new Error(`the card's certificate is ${names.join(', ')}`);
      const button = page.getByRole('button', { name: 'Renew now' });
      await button.waitFor();
      if (renew.allowed) {
        if (!(await button.isEnabled()))
          throw new Error('Renew now is disabled although renewing is allowed');
      } else {
        if (await button.isEnabled())
          throw new Error('Renew now is enabled although no cluster allows it');
        const reason = await page.getByTestId('renew-reason').innerText();
        if (reason !== renew.reason)
          throw new Error(
            `the card says "${reason}", the answer "${renew.reason}"`,
          );
        if (/allowRenew|certificates\.status/.test(reason))
          throw new Error(`the reason is configuration jargon: ${reason}`);
      }
      await screenshot(ctx, 'status-card-renew');
    },
  },
];

/** After the decommission flow: the decommission request shows its own steps. */
export const faceAfterDecommission = [
  {
    name: 'the decommission request is listed as Decommission and its view shows decommission steps',
    run: async ctx => {
      const { page } = ctx;
      await openRequests(page);
      await page.getByPlaceholder('Search by DNS name').fill(REQUEST.fullName);
      const row = requestRow(page, 'Decommission');
      await row.waitFor();
      await row.getByTestId('request-link').click();
      await page
        .getByText(`Decommission of ${REQUEST.fullName}`)
        .first()
        .waitFor();
      const steps = page.getByTestId('decommission-steps');
      await steps.getByText('Pull request merged').waitFor();
      await steps
        .getByText('the Certificate, its Secret and its Vault copy are gone')
        .or(
          steps.getByText(
            'Argo CD removes them once the pull request is merged',
          ),
        )
        .first()
        .waitFor();
      if ((await page.getByText('Certificate issued').count()) > 0)
        throw new Error('the decommission view shows the creation steps');
      await checkAccessibility(page, 'decommission request view');
      await steps.scrollIntoViewIfNeeded();
      await screenshot(ctx, 'decommission-view');
    },
  },
];

/** The main pages on a phone (390×844): readable, nothing overlapping, axe-clean. */
export const phoneFlow = [
  {
    name: 'phone (390×844): requests, new request, bulk, team tab and status card pass axe',
    run: async ctx => {
      const { page } = ctx;
      await page.setViewportSize({ width: 390, height: 844 });
      const pages = [
        [
          'phone-requests',
          '/certificates',
          page.getByPlaceholder('Search by DNS name'),
        ],
        [
          'phone-new-request',
          '/certificates/new',
          page.getByLabel('Subdomain'),
        ],
        [
          'phone-bulk',
          '/certificates/bulk',
          page.getByRole('textbox', { name: 'CSV' }),
        ],
        [
          'phone-team-tab',
          '/catalog/default/group/team-a/certificates',
          page.getByText('Certificates of team-a').first(),
        ],
        [
          'phone-status-card',
          ctx.entityPath,
          page.getByText('Certificate status').first(),
        ],
      ];
      try {
        for (const [name, path, ready] of pages) {
          if (!(await openSignedIn(page, `${FRONTEND}${path}`, ready)))
            throw new Error(`${path} did not show on a phone`);
          await checkAccessibility(page, `${name} (390×844)`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          if (overflow > 0)
            throw new Error(`${path} is ${overflow}px wider than the phone`);
          await screenshot(ctx, name);
        }
      } finally {
        await page.setViewportSize({ width: 1440, height: 900 });
      }
    },
  },
];

/** Last: needs the local target's app URL for pull requests (the face-links backend change). */
export const localPullRequestLinks = [
  {
    name: 'a local pull request links inside the app, not to a file:// URL',
    run: async ctx => {
      const { page } = ctx;
      await openRequests(page);
      const link = page
        .getByRole('row')
        .filter({ hasText: `#${ctx.prNumber}` })
        .getByTestId('pull-request-link')
        .first();
      const href = await link.getAttribute('href');
      if (href !== `/certificates/pull-requests/${ctx.prNumber}`)
        throw new Error(`pull request #${ctx.prNumber} links to ${href}`);
      if ((await link.getAttribute('target')) !== null)
        throw new Error('the in-app link opens a new window');
      await link.click();
      await page.waitForURL(`**/certificates/pull-requests/${ctx.prNumber}`);
      await page.getByText(`#${ctx.prNumber}`).first().waitFor();
      await checkAccessibility(page, 'local pull request page');
      await screenshot(ctx, 'local-pull-request');
    },
  },
];
