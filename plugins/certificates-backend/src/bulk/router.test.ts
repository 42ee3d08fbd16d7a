import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  CertificateBatch,
  createPlatformModel,
} from '@internal/plugin-certificates-common';
import express from 'express';
import { Knex } from 'knex';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testCertificatesConfig } from '../__testUtils__/testBackend';
import { LocalGitTarget } from '../services/Gitops';
import { createBulkPublisher, KnexBulkStore } from '../services/Bulk';
import { KnexRequestStore } from '../services/RequestStore';
import { KnexIssuanceBudget } from '../services/IssuanceBudget';
import { createBulkRouter } from './router';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const platform = createPlatformModel(testCertificatesConfig('/unused'));
const alice = mockCredentials.user.header('user:default/alice');

const row = (subdomain: string, extra: object = {}) => ({
  team: 'team-a',
  domain: 'example.com',
  subdomain,
  issuer: 'letsencrypt-staging',
  ...extra,
});

describe('bulk requests API', () => {
  let knex: Knex;
  let app: express.Express;
  let dir: string;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-bulk-'));
    const store = new KnexRequestStore(knex, () => new Date());
    const bulk = new KnexBulkStore(knex, () => new Date());
    const gitops = await LocalGitTarget.create({ dir, baseBranch: 'main' });
    const publisher = createBulkPublisher({
      store,
      bulk,
      gitops,
      platform,
      logger: mockServices.logger.mock(),
    });
    const router = await createBulkRouter({
      logger: mockServices.logger.mock(),
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      platform,
      bulk,
      publisher,
      issuance: new KnexIssuanceBudget(knex, platform, () => new Date()),
      // alice belongs to team-a only, as in the catalog of the API tests.
      assertMayWrite: async (credentials, team) => {
        if (
          credentials.principal.userEntityRef !== 'user:default/alice' ||
          team !== 'team-a'
        )
          throw new NotAllowedError(
            `team: ${credentials.principal.userEntityRef} is not a member of group:default/${team}`,
          );
      },
      mayRead: async () => false,
    });
    app = express();
    app.use(router);
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  });

  const post = (
    rows: unknown[],
    query = '',
    headers: Record<string, string> = {},
  ) =>
    request(app)
      .post(`/requests/bulk${query}`)
      .set('Authorization', alice)
      .set(headers)
      .send({ rows });

  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }).first())?.n);

  const branches = () =>
    String(
      execFileSync('git', [
        '-C',
        dir,
        'branch',
        '--list',
        'certificates/*',
        '--format=%(refname:short)',
      ]),
    )
      .split('\n')
      .filter(Boolean);

  /** Polls GET /requests/bulk/:id until no team is queued. */
  async function settled(id: string): Promise<CertificateBatch> {
    for (let i = 0; i < 200; i++) {
      const res = await request(app)
        .get(`/requests/bulk/${id}`)
        .set('Authorization', alice);
      expect(res.status).toBe(200);
      if (res.body.state === 'done') return res.body;
      await new Promise(r => setTimeout(r, 25));
    }
    throw new Error('the batch never finished');
  }

  it('stores nothing when one row is bad, and names the row', async () => {
    const res = await post([
      row('a.team-a'),
      row('B_AD.team-a'),
      row('c.team-a'),
    ]);
    expect(res.status).toBe(400);
    const lines: string[] = res.body.error.message.split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every(l => l.startsWith('rows[1].subdomain:'))).toBe(true);
    expect(await count('certificate_requests')).toBe(0);
    expect(await count('certificate_batches')).toBe(0);
    expect(branches()).toEqual([]);
  });

  it("reports every row's problems at once", async () => {
    const res = await post([
      row('a.team-a', { issuer: 'nope' }),
      row('b.team-a'),
      { team: 'team-b', domain: 'example.org', issuer: 'letsencrypt-staging' },
      row('b.team-a', { wildcard: 'yes' }),
      row('d.team-a', { namespace: 'kube-system' }),
    ]);
    expect(res.status).toBe(400);
    const fields = res.body.error.message
      .split('\n')
      .map((l: string) => l.slice(0, l.indexOf(':')));
    expect(fields).toEqual([
      'rows[0].issuer',
      'rows[2].team',
      'rows[3].wildcard',
      'rows[4].namespace',
    ]);
    expect(await count('certificate_requests')).toBe(0);
  });

  it('refuses two rows for the same certificate, naming the later one', async () => {
    const res = await post([
      row('a.team-a'),
      row('b.team-a'),
      row('a.team-a', { keyAlgorithm: 'RSA-2048' }),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^rows\[2\]\.subdomain: "[a-z0-9-]+" is the same certificate as rows\[0\]$/,
    );
  });

  it('stores the valid rows with ?partial=true and reports the rest', async () => {
    const res = await post(
      [row('a.team-a'), row('B_AD.team-a'), row('c.team-a')],
      '?partial=true',
    );
    expect(res.status).toBe(202);
    expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'rejected',
      'created',
    ]);
    expect(res.body.rows[1].problems[0].field).toBe('subdomain');
    expect(await count('certificate_requests')).toBe(2);
  });

  it('opens one pull request for the team and reports its progress', async () => {
    const res = await post(['a', 'b', 'c'].map(s => row(`${s}.team-a`)));
    expect(res.status).toBe(202);
    expect(res.body.teams).toEqual([
      expect.objectContaining({ team: 'team-a', state: 'queued' }),
    ]);
    const done = await settled(res.body.id);
    expect(done.progress).toEqual({ queued: 0, opened: 1, failed: 0 });
    const [team] = done.teams;
    expect(team.pullRequest?.number).toBe(1);
    expect(team.certificates.map(c => c.state)).toEqual([
      'pr-open',
      'pr-open',
      'pr-open',
    ]);
    expect(branches()).toEqual([team.branch]);
    const requests = await knex('certificate_requests').select(
      'pr_number',
      'batch_id',
    );
    expect(
      requests.every(r => r.pr_number === 1 && r.batch_id === done.id),
    ).toBe(true);
  });

  it('answers a repeated Idempotency-Key with the same batch', async () => {
    const rows = [row('a.team-a'), row('b.team-a')];
    const first = await post(rows, '', { 'Idempotency-Key': 'k-1' });
    await settled(first.body.id);
    const again = await post(rows, '', { 'Idempotency-Key': 'k-1' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await count('certificate_batches')).toBe(1);
    const other = await post([row('c.team-a')], '', {
      'Idempotency-Key': 'k-1',
    });
    expect(other.status).toBe(422);
    expect(other.body.error.message).toMatch(/^Idempotency-Key: /);
    expect(await count('certificate_batches')).toBe(1);
  });

  it('gives two identical batches sent at once one set of pull requests', async () => {
    const rows = ['a', 'b', 'c', 'd'].map(s => row(`${s}.shop`));
    const [one, two] = await Promise.all([post(rows), post(rows)]);
    expect([one.status, two.status].sort()).toEqual([200, 202]);
    expect(two.body.id).toBe(one.body.id);
    await settled(one.body.id);
    expect(branches()).toHaveLength(1);
    expect(await count('certificate_requests')).toBe(4);
  });

  it("previews with ?dryRun=true: each team's files and every row's problems, storing nothing", async () => {
    const res = await post(
      [row('a.team-a'), row('B_AD.team-a'), row('c.team-a')],
      '?dryRun=true',
    );
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'rejected',
      'created',
    ]);
    expect(res.body.rows[1].problems[0].field).toBe('subdomain');
    const [team] = res.body.teams;
    expect(team.team).toBe('team-a');
    expect(team.certificates.map((c: { row: number }) => c.row)).toEqual([
      0, 2,
    ]);
    expect(
      team.files.some((f: string) => f.endsWith('team-a/namespace.yaml')),
    ).toBe(true);
    expect(
      team.files.filter((f: string) => f.endsWith('/certificate.yaml')),
    ).toHaveLength(2);
    expect(await count('certificate_requests')).toBe(0);
    expect(await count('certificate_batches')).toBe(0);
  });

  it.each([
    ['no rows', { rows: [] }, 'rows: must list at least one request'],
    ['rows not a list', { rows: 'team-a' }, 'rows: must be a list of requests'],
    [
      'an unknown top-level field',
      { rows: [row('a.team-a')], dryRun: true },
      'dryRun: is not a known field',
    ],
    [
      '1,001 rows',
      { rows: Array.from({ length: 1001 }, (_, i) => row(`s${i}.team-a`)) },
      'rows: must list at most 1000 requests',
    ],
  ])('refuses %s with a 400 naming the field', async (_what, body, message) => {
    const res = await request(app)
      .post('/requests/bulk')
      .set('Authorization', alice)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
    expect(await count('certificate_batches')).toBe(0);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await request(app)
      .post('/requests/bulk')
      .set('Authorization', alice)
      .set('Content-Type', 'text/csv')
      .send('team,zone\nteam-a,example.com');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      '(body): Content-Type must be application/json',
    );
  });

  it("hides another user's batch", async () => {
    const res = await post([row('a.team-a')]);
    const other = await request(app)
      .get(`/requests/bulk/${res.body.id}`)
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(other.status).toBe(404);
  });
});
