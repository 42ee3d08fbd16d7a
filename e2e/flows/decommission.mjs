import fs from 'node:fs';
import path from 'node:path';
import {
  FRONTEND,
  GITOPS,
  REQUEST,
  checkAccessibility,
  screenshot,
} from '../lib.mjs';
import { expectGoneFromCluster, reloadUntil } from '../simulator.mjs';

/** Decommission the certificate from its status card, merge that pull request, see it go. */
export const decommissionFlow = [
  {
    name: 'the status card opens a decommission pull request',
    run: async ctx => {
      const { page } = ctx;
      if (!fs.existsSync(path.join(GITOPS, 'tenants', 'team-a')))
        throw new Error('the merged request left no tenants/team-a folder');
      await page.goto(`${FRONTEND}${ctx.entityPath}`);
      // A browser confirm() would be a failure: the page asks in its own dialog.
      page.once('dialog', dialog => {
        ctx.nativeDialog = dialog.message();
        dialog.dismiss();
      });
      await page.getByRole('button', { name: 'Decommission' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('heading', { name: `Decommission ${REQUEST.fullName}?` })
        .waitFor();
      await dialog
        .getByText(
          `removes the certificate for ${REQUEST.fullName} from team team-a`,
        )
        .waitFor();
      await checkAccessibility(page, 'decommission dialog');
      await screenshot(ctx, 'decommission-dialog');
      await dialog.getByRole('button', { name: 'Decommission' }).click();
      if (ctx.nativeDialog)
        throw new Error(`a browser dialog asked: ${ctx.nativeDialog}`);
      const outcome = page.getByTestId('certificate-action-outcome').filter({
        hasText: `The pull request that decommissions ${REQUEST.fullName} is open: #`,
      });
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
      // Its last certificate gone, team-a's folder goes with it (the lifecycle flow may have added another).
      const gone = ctx.otherCertificates?.length
        ? path.join('tenants', 'team-a', 'certificates', ctx.certificateName)
        : path.join('tenants', 'team-a');
      if (fs.existsSync(path.join(GITOPS, gone)))
        throw new Error(`${gone} is still in the GitOps repository`);
      await reloadUntil(
        page,
        `${FRONTEND}${ctx.entityPath}`,
        page
          .getByTestId('decommission-state')
          .filter({ hasText: 'decommissioned' }),
        90,
      );
      if (ctx.certificateName) await expectGoneFromCluster(ctx.certificateName);
      await screenshot(ctx, 'decommissioned');
    },
  },
];
