import { execFileSync } from 'node:child_process';
import {
  FRONTEND,
  GITOPS,
  checkAccessibility,
  openSignedIn,
  screenshot,
} from '../lib.mjs';

/** Three certificates of team-a in one bulk request: one pull request for the three. */
const SUBDOMAINS = ['bulkone.shop', 'bulktwo.shop', 'bulkthree.shop'];
const CSV = [
  'team,zone,subdomain,issuer',
  ...SUBDOMAINS.map(s => `team-a,example.com,${s},letsencrypt-staging`),
].join('\n');

/** The paths on a branch of the local GitOps repository. */
function filesOn(branch) {
  return execFileSync(
    'git',
    ['-C', GITOPS, 'ls-tree', '-r', '--name-only', `refs/heads/${branch}`],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
}

/** A row of the bulk page's results, by its DNS name's certificate. */
const resultRow = (page, name) =>
  page
    .getByRole('list', { name: 'Results' })
    .getByRole('listitem')
    .filter({ hasText: name });

/** Cancel one certificate of a bulk request: the other two keep their pull request. */
export const bulkCancelFlow = [
  {
    name: 'a bulk request of three team-a names opens one pull request',
    run: async ctx => {
      const { page } = ctx;
      const csvBox = page.getByRole('textbox', { name: 'CSV' });
      if (!(await openSignedIn(page, `${FRONTEND}/certificates/bulk`, csvBox)))
        throw new Error('the bulk page did not show its CSV field');
      await checkAccessibility(page, 'bulk request page');
      await csvBox.fill(CSV);
      await page.getByRole('button', { name: 'Preview' }).click();
      await page
        .getByRole('table', { name: 'Pull requests' })
        .getByText('bulktwo.shop.example.com')
        .waitFor();
      await page
        .getByRole('button', { name: /^Submit 1 pull request/ })
        .click();
      await page.getByText(/1 opened, 0 failed, 0 queued/).waitFor();
      const link = page.getByRole('table', { name: 'Teams' }).getByText(/#\d+/);
      ctx.bulkPr = Number(/#(\d+)/.exec(await link.innerText())[1]);
      ctx.batchId = new URL(page.url()).searchParams.get('batch');
      ctx.bulkBranch = `certificates/team-a/batch-${ctx.batchId}`;
      const files = filesOn(ctx.bulkBranch);
      for (const s of SUBDOMAINS) {
        const folder = s.replace(/\./g, '-');
        if (!files.some(f => f.includes(folder)))
          throw new Error(`the batch branch lacks the files of ${s}: ${files}`);
      }
      for (const s of SUBDOMAINS)
        await resultRow(page, s.split('.')[0])
          .filter({ hasText: '(pr-open)' })
          .waitFor();
      await checkAccessibility(page, 'bulk progress page');
      await screenshot(ctx, 'bulk-opened');
    },
  },
  {
    name: 'cancelling one row names the three certificates and removes only its files',
    run: async ctx => {
      const { page } = ctx;
      const row = resultRow(page, 'bulkone');
      await row.getByRole('button', { name: 'Cancel request' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByText('Cancel the request for bulkone.shop.example.com?')
        .waitFor();
      await dialog
        .getByText(`3 certificates share pull request #${ctx.bulkPr}`, {
          exact: false,
        })
        .waitFor();
      await checkAccessibility(page, 'bulk cancel dialog');
      await screenshot(ctx, 'bulk-cancel-dialog');
      await dialog
        .getByRole('button', { name: 'Remove only this certificate' })
        .click();
      await row.filter({ hasText: '(cancelled)' }).waitFor();
      for (const s of ['bulktwo', 'bulkthree'])
        await resultRow(page, s).filter({ hasText: '(pr-open)' }).waitFor();
      // The pull request is still open, on the same number.
      await page
        .getByRole('table', { name: 'Teams' })
        .getByText(`#${ctx.bulkPr}`)
        .waitFor();
      const files = filesOn(ctx.bulkBranch);
      if (files.some(f => f.includes('bulkone-shop')))
        throw new Error(`the branch still holds bulkone's files: ${files}`);
      for (const folder of ['bulktwo-shop', 'bulkthree-shop'])
        if (!files.some(f => f.includes(folder)))
          throw new Error(`the branch lost the files of ${folder}: ${files}`);
      await checkAccessibility(page, 'bulk progress page after a cancel');
      await screenshot(ctx, 'bulk-cancelled-one');
    },
  },
  {
    name: 'after a reload the stored states hold: one cancelled, two on the same pull request',
    run: async ctx => {
      const { page } = ctx;
      await page.reload();
      await resultRow(page, 'bulkone')
        .filter({ hasText: '(cancelled)' })
        .waitFor();
      for (const s of ['bulktwo', 'bulkthree'])
        await resultRow(page, s).filter({ hasText: '(pr-open)' }).waitFor();
      await page
        .getByRole('table', { name: 'Teams' })
        .getByText(`#${ctx.bulkPr}`)
        .waitFor();
      // The cancelled row offers nothing more; the two left can still be cancelled.
      if ((await resultRow(page, 'bulkone').getByRole('button').count()) !== 0)
        throw new Error('the cancelled row still offers a cancel');
      await checkAccessibility(page, 'bulk progress page, reloaded');
      await screenshot(ctx, 'bulk-reloaded');
    },
  },
];
