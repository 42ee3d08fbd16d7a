import {
  checkAccessibility,
  FRONTEND,
  gotoSignedIn,
  openSignedIn,
  REQUEST,
  screenshot,
} from '../lib.mjs';
import {
  certificateFor,
  requestsOf,
  scriptFault,
  vaultVersion,
} from '../simulator.mjs';

/** The second certificate, requested with a scripted fault. */
const FAULTY = { subdomain: 'api.shop', fullName: 'api.shop.example.com' };

const fact = (page, label) =>
  page
    .getByText(label, { exact: true })
    .locator('xpath=following-sibling::*[1]')
    .first();

const stepText = (page, key) =>
  page
    .getByTestId(`step-${key}`)
    .first()
    .innerText()
    .catch(() => '');

/**
 * Opens the card at `entityPath` again and again until `check` returns a
 * value (the card shows the background refresher's snapshot, every 5 s on
 * embedded defaults), or fails after `seconds` with what it saw last.
 */
async function untilCard(page, entityPath, seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  for (;;) {
    await openSignedIn(
      page,
      `${FRONTEND}${entityPath}`,
      page.getByLabel('Certificate lifecycle'),
    );
    const seen = await check();
    if (seen) return seen;
    last = await page
      .getByLabel('Certificate lifecycle')
      .innerText()
      .catch(() => '');
    if (Date.now() > deadline)
      throw new Error(
        `not within ${seconds}s; the card showed: ${last
          .replace(/\s+/g, ' ')
          .slice(0, 300)}`,
      );
    await page.waitForTimeout(3_000);
  }
}

/** Opens the drill-down and returns its text. */
async function drillDown(page) {
  await page
    .getByText('CertificateRequest / Order / Challenge')
    .first()
    .click();
  // MUI gives the id to the details and to its collapse wrapper: either holds the tables.
  const table = page
    .locator('#certificate-drilldown')
    .filter({ hasText: 'Kind' })
    .first();
  await table.waitFor();
  return table.innerText();
}

/** Issuance, Vault, renew now and a scripted failure, on the simulated cluster. */
export const lifecycleFlow = [
  {
    name: 'the status card reaches all seven steps done within 60 s, with the Vault version the simulator wrote',
    run: async ctx => {
      const { page } = ctx;
      const started = Date.now();
      const version = await untilCard(page, ctx.entityPath, 60, async () => {
        const keys = [
          'requested',
          'pullRequest',
          'synced',
          'acme',
          'issued',
          'vault',
          'renewal',
        ];
        const states = await Promise.all(keys.map(k => stepText(page, k)));
        if (!states.every(s => s.startsWith('done'))) return undefined;
        // Step 7 is done once cert-manager has scheduled the renewal.
        if (!/Renews at/.test(await stepText(page, 'renewal')))
          return undefined;
        const m = /version (\d+)/.exec(await fact(page, 'Vault').innerText());
        return m ? Number(m[1]) : undefined;
      });
      const cert = await certificateFor(REQUEST.fullName);
      if (!cert)
        throw new Error(
          `no Certificate for ${REQUEST.fullName} on the simulated cluster`,
        );
      ctx.certificateName = cert.metadata.name;
      const written = await vaultVersion(`certs/team-a/${cert.metadata.name}`);
      if (version !== written)
        throw new Error(
          `the card shows Vault version ${version}, the simulator wrote ${written}`,
        );
      ctx.vaultVersion = version;
      ctx.requests = await requestsOf(cert.metadata.name);
      const cluster = await fact(page, 'Cluster').innerText();
      if (!/simulated/i.test(cluster))
        throw new Error(
          `the card does not say the cluster is simulated: ${cluster}`,
        );
      console.log(
        `    all steps done ${Math.round(
          (Date.now() - started) / 1000,
        )}s after the card opened; Vault version ${version}`,
      );
      await checkAccessibility(page, 'status card (issued)');
      await screenshot(ctx, 'issued');
    },
  },
  {
    name: 'Renew now makes a new CertificateRequest and a new Vault version on the card',
    run: async ctx => {
      const { page } = ctx;
      await page.getByRole('button', { name: 'Renew now' }).click();
      // The card asks first, naming the certificate and what renewing does.
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('heading', { name: `Renew ${REQUEST.fullName} now?` })
        .waitFor();
      await dialog.getByRole('button', { name: 'Renew now' }).click();
      await page
        .getByTestId('certificate-action-outcome')
        .filter({
          hasText: `Renewal of ${REQUEST.fullName} started on simulated`,
        })
        .waitFor();
      const version = await untilCard(page, ctx.entityPath, 60, async () => {
        const m = /version (\d+)/.exec(await fact(page, 'Vault').innerText());
        const v = m ? Number(m[1]) : 0;
        return v > ctx.vaultVersion &&
          (await stepText(page, 'vault')).startsWith('done')
          ? v
          : undefined;
      });
      const [newest] = await requestsOf(ctx.certificateName);
      if (ctx.requests.includes(newest))
        throw new Error(
          `no new CertificateRequest: still ${ctx.requests.join(', ')}`,
        );
      const objects = await drillDown(page);
      if (!objects.includes(newest))
        throw new Error(
          `the drill-down does not list the new CertificateRequest ${newest}`,
        );
      console.log(
        `    ${newest} issued; Vault version ${ctx.vaultVersion} → ${version}`,
      );
      await checkAccessibility(page, 'status card (renewed)');
      await screenshot(ctx, 'renewed');
    },
  },
  {
    name: `a second request, ${FAULTY.fullName}, with a scripted stuck challenge is merged`,
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(page, `${FRONTEND}/certificates`);
      await page.getByLabel('Subdomain').fill(FAULTY.subdomain);
      const file = page
        .getByText(/^tenants\/team-a\/certificates\/[^/]+\/certificate\.yaml$/)
        .filter({ hasText: FAULTY.subdomain.replace('.', '-') })
        .first();
      ctx.faultyName = (await file.innerText()).split('/')[3];
      await scriptFault('challenge-stuck', ctx.faultyName);
      await page.getByRole('button', { name: 'Request certificate' }).click();
      const link = page.getByText(/Pull request #\d+/).first();
      await link.waitFor();
      const pr = /#(\d+)/.exec(await link.innerText())[1];
      const row = page.getByRole('row').filter({ hasText: `#${pr}` });
      await row.getByRole('button', { name: /Merge/ }).click();
      await row.getByText('merged', { exact: true }).waitFor();
    },
  },
  {
    name: "the stuck certificate's card shows the DNS provider's error and the Challenge in its drill-down",
    run: async ctx => {
      const { page } = ctx;
      await gotoSignedIn(
        page,
        `${FRONTEND}/catalog/default/group/team-a/certificates`,
      );
      await page.getByText('Certificates of team-a').first().waitFor();
      const row = page
        .getByRole('row')
        .filter({ hasText: FAULTY.fullName })
        .first();
      await row.waitFor();
      const entityPath = await row.locator('a').first().getAttribute('href');
      // The Resource entity appears after the catalog module's next refresh.
      await untilCard(page, entityPath, 240, async () =>
        /Invalid access token/.test(await stepText(page, 'acme')),
      );
      // The headline names the ACME step: waiting while cert-manager retries,
      // stuck once it counts the failed attempt.
      const headline = page.getByText(/^(Waiting|Stuck) at “/).first();
      await headline.waitFor();
      const said = await headline.innerText();
      if (!/^(Waiting|Stuck) at “ACME/.test(said))
        throw new Error(`the card's headline is "${said}", not the ACME step`);
      const objects = await drillDown(page);
      for (const expected of [
        'Challenge',
        'PresentError',
        'Error: 9109: Invalid access token',
      ])
        if (!objects.includes(expected))
          throw new Error(`the drill-down does not show ${expected}`);
      await checkAccessibility(page, 'status card (stuck challenge)');
      await screenshot(ctx, 'stuck-challenge');
      ctx.otherCertificates = [ctx.faultyName];
    },
  },
];
