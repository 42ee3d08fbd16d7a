import { ConflictError, NotFoundError } from '@backstage/errors';
import { GitopsConfigurationError } from '../Gitops';
import { setupServer } from 'msw/node';
import { renderDecommissionPaths } from '@internal/plugin-certificates-node';
import {
  createHarness,
  Harness,
  platform,
  resolved,
} from './__testUtils__/lifecycleHarness';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const ALICE = 'user:default/alice';
const CERT_DIR = 'tenants/team-a/certificates';

/** The team bundle's paths, as the renderer names them (those it removes with the last certificate). */
function teamBundlePaths(): string[] {
  const r = resolved('x.team-a');
  const own = renderDecommissionPaths(r, platform, { lastOfTeam: false });
  return renderDecommissionPaths(r, platform, { lastOfTeam: true }).filter(
    p => !own.includes(p),
  );
}

async function existing(h: Harness, paths: string[]) {
  const found: string[] = [];
  for (const p of paths) if ((await h.baseFile(p)) !== undefined) found.push(p);
  return found;
}

/** Stores a request and publishes it, as POST /requests does. */
async function request(h: Harness, subdomain: string, extra = {}) {
  const { record } = await h.store.createOrGet({
    resolved: resolved(subdomain, extra),
    actor: ALICE,
  });
  return h.publisher.publish(record.id);
}

/** Snapshot of what a step wrote: target operations and GitHub calls. */
function meter(h: Harness) {
  const counts = { ...h.counts };
  const http = h.http();
  return () => ({
    open: h.counts.open - counts.open,
    close: h.counts.close - counts.close,
    calls: h.http().calls - http.calls,
    writes: h.http().writes - http.writes,
  });
}

describe.each(['local', 'github'] as const)(
  'lifecycle on the %s target',
  kind => {
    let h: Awaited<ReturnType<typeof createHarness>>;
    beforeEach(async () => {
      h = await createHarness(kind, server);
    });

    describe('retry', () => {
      it('keeps the reason and step of a failed request; retry publishes it once, a second retry writes nothing', async () => {
        h.crashes.push({
          at: 'publish',
          error: new GitopsConfigurationError('bad credentials'),
        });
        const failed = await request(h, 'api.team-a');
        expect(failed).toMatchObject({
          state: 'failed',
          error: 'bad credentials',
          failedStep: 'branch',
          attempts: 1,
        });
        expect(await h.prs()).toEqual([]);

        const used = meter(h);
        const first = await h.service.retry(failed.id, ALICE);
        expect(first.changed).toBe(true);
        expect(first.record).toMatchObject({
          state: 'pr-open',
          pullRequest: { number: 1 },
        });
        expect(first.record.error).toBeUndefined();
        expect(first.record.attempts).toBeUndefined();
        expect(used()).toMatchObject({
          open: 1,
          // github: one read, branch, commit, pull request
          calls: kind === 'github' ? 4 : 0,
          writes: kind === 'github' ? 3 : 0,
        });

        const again = meter(h);
        const second = await h.service.retry(failed.id, ALICE);
        expect(second).toEqual({ record: first.record, changed: false });
        expect(again()).toEqual({ open: 0, close: 0, calls: 0, writes: 0 });
        expect(await h.prs()).toHaveLength(1);
        const history = (await h.store.events(failed.id)).map(e => e.state);
        expect(history).toEqual(['pending', 'failed', 'pending', 'pr-open']);
      });

      it('backs off exponentially and fails at the cap with the last error', async () => {
        const reset = () =>
          h.crashes.push({
            at: 'publish',
            error: new Error('connect ECONNRESET'),
          });
        reset();
        const first = await request(h, 'api.team-a');
        expect(first).toMatchObject({ state: 'pending', attempts: 1 });
        expect(Date.parse(first.nextAttemptAt!)).toBe(
          Date.parse('2026-12-02T10:00:10Z'),
        );
        reset();
        // Not due yet: the resume task leaves it alone.
        expect(await h.publisher.resumePending()).toBe(0);
        h.tick(10_000);
        expect(await h.publisher.resumePending()).toBe(1);
        const second = (await h.store.get(first.id))!;
        expect(second).toMatchObject({ state: 'pending', attempts: 2 });
        // Doubled: 20 s after the second failure.
        expect(Date.parse(second.nextAttemptAt!)).toBe(
          Date.parse('2026-12-02T10:00:30Z'),
        );
        reset();
        h.tick(20_000);
        await h.publisher.resumePending();
        expect(await h.store.get(first.id)).toMatchObject({
          state: 'failed',
          attempts: 3,
          failedStep: 'branch',
          error: 'gave up after 3 attempts: connect ECONNRESET',
        });
        expect(h.counts.open).toBe(3);
        h.tick(3_600_000);
        expect(await h.publisher.resumePending()).toBe(0);
        expect(h.counts.open).toBe(3);
      });

      it('resumes a retry killed after the commit to exactly one pull request', async () => {
        h.crashes.push({
          at: 'publish',
          error: new GitopsConfigurationError('bad credentials'),
        });
        const failed = await request(h, 'api.team-a');
        h.crashes.push({
          at: 'after-save',
          step: 'commitSha',
          error: new Error('killed after the commit'),
        });
        const { record } = await h.service.retry(failed.id, ALICE);
        expect(record).toMatchObject({
          state: 'pending',
          failedStep: 'pull request',
        });
        h.tick(10_000);
        expect(await h.publisher.resumePending()).toBe(1);
        expect(await h.store.get(failed.id)).toMatchObject({
          state: 'pr-open',
        });
        const prs = await h.prs();
        expect(prs).toHaveLength(1);
        expect(prs[0].state).toBe('open');
        // One commit on the branch (GitHub; the local target squashes nothing either).
        expect(h.fake?.commitsAhead(prs[0].branch) ?? 1).toBe(1);
      });
    });

    describe('one publisher per request', () => {
      it('does not publish while another instance holds the lease, and resumes once it expires', async () => {
        const { record } = await h.store.createOrGet({
          resolved: resolved('api.team-a'),
          actor: ALICE,
        });
        // An instance claimed the request and died without releasing it.
        expect(
          await h.lifecycle.claim(record.id, 'dead-instance', 60_000),
        ).toBe(true);
        const used = meter(h);
        expect(await h.publisher.publish(record.id)).toMatchObject({
          state: 'pending',
        });
        expect(await h.publisher.resumePending()).toBe(0);
        expect(used().open).toBe(0);
        h.tick(60_001);
        expect(await h.publisher.resumePending()).toBe(1);
        expect(used().open).toBe(1);
        expect(await h.prs()).toHaveLength(1);
      });

      it('lets one of two concurrent publishers write', async () => {
        const { record } = await h.store.createOrGet({
          resolved: resolved('api.team-a'),
          actor: ALICE,
        });
        const other = h.secondPublisher();
        await Promise.all([
          h.publisher.publish(record.id),
          other.publish(record.id),
          h.publisher.publish(record.id),
        ]);
        expect(h.counts.open).toBe(1);
        expect(await h.prs()).toHaveLength(1);
        expect(await h.store.get(record.id)).toMatchObject({
          state: 'pr-open',
        });
      });
    });

    describe('cancel', () => {
      it('closes the pull request and deletes the branch; a second cancel writes nothing', async () => {
        const open = await request(h, 'api.team-a');
        const branch = open.pullRequest!.branch;
        const used = meter(h);
        const first = await h.service.cancel(open.id, ALICE);
        expect(first.changed).toBe(true);
        expect(first.record).toMatchObject({
          state: 'cancelled',
          pullRequest: { number: 1, state: 'closed' },
        });
        expect(used()).toMatchObject({
          close: 1,
          // GET /pulls, PATCH /pulls/1, DELETE /git/refs
          ...(kind === 'github' ? { calls: 3, writes: 2 } : {}),
        });
        expect((await h.prs())[0].state).toBe('closed');
        expect(await h.branchExists(branch)).toBe(false);

        const again = meter(h);
        expect(await h.service.cancel(open.id, ALICE)).toEqual({
          record: first.record,
          changed: false,
        });
        expect(again()).toEqual({ open: 0, close: 0, calls: 0, writes: 0 });
        // The names are free again: the same request opens a new pull request.
        const renewed = await request(h, 'api.team-a');
        expect(renewed.id).not.toBe(open.id);
        expect(renewed.pullRequest?.number).toBe(2);
      });

      it('finishes a cancel killed before closing, in the resume task, with one closed pull request', async () => {
        const open = await request(h, 'api.team-a');
        h.crashes.push({ at: 'close', error: new Error('killed') });
        const { record } = await h.service.cancel(open.id, ALICE);
        expect(record.state).toBe('cancelled');
        expect((await h.prs())[0].state).toBe('open');
        // A late publish (e.g. the resume task of another instance) cannot reopen it.
        await h.publisher.publish(open.id);
        expect(await h.publisher.resumePending()).toBe(1);
        const prs = await h.prs();
        expect(prs).toHaveLength(1);
        expect(prs[0].state).toBe('closed');
        expect(await h.branchExists(prs[0].branch)).toBe(false);
        expect(await h.store.get(open.id)).toMatchObject({
          state: 'cancelled',
          pullRequest: { state: 'closed' },
        });
        expect(await h.publisher.resumePending()).toBe(0);
      });

      it('refuses a merged request, naming the state', async () => {
        const open = await request(h, 'api.team-a');
        await h.merge(open.pullRequest!);
        await expect(h.service.cancel(open.id, ALICE)).rejects.toThrow(
          new ConflictError(
            `state: request ${open.id} is merged; only a pending, open or failed request can be cancelled (decommission the certificate instead)`,
          ),
        );
      });
    });

    describe('a changed request on an open pull request', () => {
      it('resumes a change killed between its commit and the description update to one updated pull request', async () => {
        const open = await request(h, 'api.team-a');
        await h.store.createOrGet({
          resolved: resolved('api.team-a', { issuer: 'letsencrypt-prod' }),
          actor: ALICE,
        });
        h.crashes.push({
          at: 'after-save',
          step: 'commitSha',
          error: new Error('killed after the commit'),
        });
        const killed = await h.publisher.publish(open.id);
        expect(killed).toMatchObject({ state: 'pending', attempts: 1 });
        h.tick(10_000);
        expect(await h.publisher.resumePending()).toBe(1);
        const prs = await h.prs();
        expect(prs).toHaveLength(1);
        expect(prs[0].body).toContain(
          '- Issuer: `letsencrypt-staging` → `letsencrypt-prod`',
        );
        // Two commits: the request's and the change's; the resume added none.
        expect(h.fake?.commitsAhead(prs[0].branch) ?? 2).toBe(2);
        expect(await h.store.get(open.id)).toMatchObject({
          state: 'pr-open',
          pullRequest: { number: 1 },
        });
      });

      it('updates the description with what changed, and says an approval predates it', async () => {
        const open = await request(h, 'api.team-a');
        await h.approve(open.pullRequest!.number);
        const { updated } = await h.store.createOrGet({
          resolved: resolved('api.team-a', {
            issuer: 'letsencrypt-prod',
            keyAlgorithm: 'RSA-2048',
          }),
          actor: ALICE,
        });
        expect(updated).toBe(true);
        const used = meter(h);
        const next = await h.publisher.publish(open.id);
        expect(next).toMatchObject({
          state: 'pr-open',
          pullRequest: { number: 1 },
        });
        // github: read, commit, PATCH title and body
        expect(used()).toMatchObject(
          kind === 'github' ? { calls: 3, writes: 2 } : { open: 1 },
        );
        const [pr] = await h.prs();
        expect(pr.title).toBe('Certificate api.team-a.example.com for team-a');
        expect(pr.body).toContain('### Changed since the last review');
        expect(pr.body).toContain(
          '- Issuer: `letsencrypt-staging` → `letsencrypt-prod`',
        );
        expect(pr.body).toContain(
          '- Key: `ECDSA-P256` → `RSA-2048` (a new private key is generated)',
        );
        expect(pr.body).toContain('approved before this change');
        const history = await h.store.events(open.id);
        expect(history.at(-1)?.message).toMatch(
          /^pull request #1 updated: Issuer/,
        );

        // The same content again: nothing to write.
        await h.store.createOrGet({
          resolved: resolved('api.team-a', {
            issuer: 'letsencrypt-prod',
            keyAlgorithm: 'RSA-2048',
          }),
          actor: ALICE,
        });
        const again = meter(h);
        await h.lifecycle.transition(open.id, {
          state: 'pending',
          actor: ALICE,
        });
        await h.publisher.publish(open.id);
        expect(again().writes).toBe(0);
        expect((await h.prs())[0].body).toBe(pr.body);
      });
    });

    describe('decommission', () => {
      it('removes the certificate, keeps the team bundle while another certificate lives, and retires the request', async () => {
        const a = await request(h, 'a.team-a');
        const b = await request(h, 'b.team-a');
        await h.merge(a.pullRequest!);
        await h.merge(b.pullRequest!);
        const pushSecret = await h.baseFile(
          `${CERT_DIR}/${a.certificateName}/pushsecret.yaml`,
        );
        expect(pushSecret).toContain('deletionPolicy: Delete');
        // Every issuance makes a new key, "renew now" included: rotating the key is renewing.
        expect(
          await h.baseFile(`${CERT_DIR}/${a.certificateName}/certificate.yaml`),
        ).toMatch(/privateKey:\n(\s+\w+: .+\n)*\s+rotationPolicy: Always\n/);

        const used = meter(h);
        const first = await h.service.decommission(
          'team-a',
          a.certificateName,
          ALICE,
        );
        expect(first.changed).toBe(true);
        expect(first.record).toMatchObject({
          operation: 'decommission',
          state: 'pr-open',
          pullRequest: { number: 3 },
        });
        expect(used()).toMatchObject({
          open: 1,
          // read, reset the old branch to the base, commit, open
          ...(kind === 'github' ? { calls: 4, writes: 3 } : {}),
        });
        const pr = (await h.prs()).find(p => p.number === 3)!;
        expect(pr.title).toBe(
          'Decommission certificate a.team-a.example.com of team-a',
        );
        expect(pr.body).toContain(
          `| \`${CERT_DIR}/${a.certificateName}/pushsecret.yaml\` |`,
        );
        for (const p of teamBundlePaths()) expect(pr.body).not.toContain(p);

        // The same call again: the same request, nothing written.
        const again = meter(h);
        expect(
          await h.service.decommission('team-a', a.certificateName, ALICE),
        ).toEqual({
          record: first.record,
          changed: false,
        });
        expect(again()).toEqual({ open: 0, close: 0, calls: 0, writes: 0 });

        await h.merge(first.record.pullRequest!);
        expect(
          await h.baseFile(`${CERT_DIR}/${a.certificateName}/certificate.yaml`),
        ).toBeUndefined();
        expect(
          await h.baseFile(`${CERT_DIR}/${a.certificateName}/pushsecret.yaml`),
        ).toBeUndefined();
        expect(
          await h.baseFile(`${CERT_DIR}/${b.certificateName}/certificate.yaml`),
        ).toBeDefined();
        const bundle = teamBundlePaths();
        expect(bundle.length).toBeGreaterThan(3);
        expect(await existing(h, bundle)).toEqual(bundle);
        expect(await h.store.get(a.id)).toMatchObject({
          state: 'decommissioned',
        });
        expect(await h.store.get(first.record.id)).toMatchObject({
          state: 'merged',
        });
        expect((await h.store.events(a.id)).at(-1)?.message).toBe(
          `certificate removed by decommission request ${first.record.id}`,
        );
        // Decommissioned: the call answers with the merged decommission, and writes nothing.
        const done = await h.service.decommission(
          'team-a',
          a.certificateName,
          ALICE,
        );
        expect(done).toMatchObject({
          changed: false,
          record: { id: first.record.id, state: 'merged' },
        });

        // The last certificate takes the team bundle with it.
        const last = await h.service.decommission(
          'team-a',
          b.certificateName,
          ALICE,
        );
        expect(
          (await h.prs()).find(
            p => p.number === last.record.pullRequest!.number,
          )!.body,
        ).toContain("team's last certificate");
        await h.merge(last.record.pullRequest!);
        expect(await existing(h, bundle)).toEqual([]);
        expect(
          await h.baseFile(`${CERT_DIR}/${b.certificateName}/certificate.yaml`),
        ).toBeUndefined();

        // The name can be requested again, as a new certificate.
        const back = await request(h, 'a.team-a');
        expect(back).toMatchObject({ state: 'pr-open' });
        expect(back.id).not.toBe(a.id);
      });

      it("keeps the team bundle when a new certificate arrives while the team's last one is being decommissioned", async () => {
        const a = await request(h, 'a.team-a');
        await h.merge(a.pullRequest!);
        const { record } = await h.service.decommission(
          'team-a',
          a.certificateName,
          ALICE,
        );
        const bundle = teamBundlePaths();
        const prOf = async (n: number) =>
          (await h.prs()).find(p => p.number === n)!;
        expect((await prOf(record.pullRequest!.number)).body).toContain(
          "team's last certificate",
        );
        const b = await request(h, 'b.team-a');
        expect(b.state).toBe('pr-open');
        // The decommission was published again: same pull request, the bundle kept.
        const again = (await h.store.get(record.id))!;
        expect(again).toMatchObject({
          state: 'pr-open',
          pullRequest: { number: record.pullRequest!.number },
        });
        expect((await prOf(record.pullRequest!.number)).body).not.toContain(
          "team's last certificate",
        );
        expect(
          (await h.store.events(record.id)).map(e => e.message).join('\n'),
        ).toContain(
          `certificate ${b.certificateName} of the team is on its way`,
        );
        await h.merge(again.pullRequest!);
        expect(await existing(h, bundle)).toEqual(bundle);
        await h.merge(b.pullRequest!);
        expect(
          await h.baseFile(`${CERT_DIR}/${b.certificateName}/certificate.yaml`),
        ).toBeDefined();
        expect(await existing(h, bundle)).toEqual(bundle);
        expect(await h.prs()).toHaveLength(3);
      });

      it('resumes a decommission killed after the commit to exactly one pull request', async () => {
        const a = await request(h, 'a.team-a');
        await h.merge(a.pullRequest!);
        h.crashes.push({
          at: 'after-save',
          step: 'commitSha',
          error: new Error('killed after the commit'),
        });
        const { record } = await h.service.decommission(
          'team-a',
          a.certificateName,
          ALICE,
        );
        expect(record).toMatchObject({
          state: 'pending',
          operation: 'decommission',
        });
        h.tick(10_000);
        expect(await h.publisher.resumePending()).toBe(1);
        const prs = (await h.prs()).filter(p =>
          p.title.startsWith('Decommission'),
        );
        expect(prs).toHaveLength(1);
        // One commit on the branch (GitHub; the local target squashes nothing either).
        expect(h.fake?.commitsAhead(prs[0].branch) ?? 1).toBe(1);
        expect(await h.store.list({ team: 'team-a' })).toHaveLength(2);
      });

      it('refuses an unknown certificate and a pending request, naming them, and writes nothing', async () => {
        const used = meter(h);
        await expect(
          h.service.decommission('team-a', 'nope-example-com', ALICE),
        ).rejects.toThrow(
          new NotFoundError(
            'certificate: team-a/nope-example-com has no merged request to decommission',
          ),
        );
        const open = await request(h, 'a.team-a');
        const before = meter(h);
        await expect(
          h.service.decommission('team-a', open.certificateName, ALICE),
        ).rejects.toThrow(ConflictError);
        await expect(
          h.service.decommission('team-a', open.certificateName, ALICE),
        ).rejects.toThrow(
          new RegExp(
            `^certificate: team-a/${open.certificateName} has a pr-open request ${open.id}`,
          ),
        );
        expect(before()).toEqual({ open: 0, close: 0, calls: 0, writes: 0 });
        expect(used().open).toBe(1);
        expect(await h.store.list({ team: 'team-a' })).toHaveLength(1);
      });
    });
  },
);
