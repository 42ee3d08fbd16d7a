import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  asUser,
  startCertificatesTestBackend,
} from '../__testUtils__/testBackend';

type Started = Awaited<ReturnType<typeof startCertificatesTestBackend>>;

const API = '/api/certificates';

/** Everything the GitOps repository holds: branches with their heads, and the pull requests. */
function repositoryState(app: Started) {
  const refs = execFileSync(
    'git',
    ['-C', app.gitopsDir, 'for-each-ref', '--format=%(refname) %(objectname)'],
    { encoding: 'utf8' },
  );
  const prFile = path.join(
    app.gitopsDir,
    '.git',
    'certificates-pull-requests.json',
  );
  const prs = fs.existsSync(prFile) ? fs.readFileSync(prFile, 'utf8') : '[]';
  return `${refs}\n${prs}`;
}

async function createAndMerge(app: Started, subdomain: string) {
  const created = await request(app.server)
    .post(`${API}/requests`)
    .set('Authorization', asUser('alice'))
    .send({
      team: 'team-a',
      domain: 'example.com',
      subdomain,
      issuer: 'letsencrypt-staging',
    });
  expect(created.status).toBe(201);
  const merged = await request(app.server)
    .post(`${API}/requests/${created.body.id}/merge`)
    .set('Authorization', asUser('alice'))
    .send({});
  expect(merged.body.state).toBe('merged');
  return created.body as { id: string; certificateName: string };
}

describe('lifecycle API', () => {
  let app: Started;
  beforeAll(async () => {
    app = await startCertificatesTestBackend();
  });
  afterAll(async () => {
    await app.backend.stop();
  });

  it('decommissions a merged certificate once, and records it in the history', async () => {
    const cert = await createAndMerge(app, 'gone.team-a');
    const url = `${API}/certificates/team-a/${cert.certificateName}/decommission`;
    const first = await request(app.server)
      .post(url)
      .set('Authorization', asUser('alice'))
      .send({});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      operation: 'decommission',
      state: 'pr-open',
      changed: true,
    });
    const status = async () =>
      (
        await request(app.server)
          .get(`${API}/certificates/team-a/${cert.certificateName}`)
          .set('Authorization', asUser('alice'))
      ).body;
    expect(await status()).toMatchObject({ decommission: 'decommissioning' });
    const state = repositoryState(app);
    const again = await request(app.server)
      .post(url)
      .set('Authorization', asUser('alice'))
      .send({});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, changed: false });
    expect(repositoryState(app)).toBe(state);

    await request(app.server)
      .post(`${API}/requests/${first.body.id}/merge`)
      .set('Authorization', asUser('alice'))
      .send({});
    const retired = await request(app.server)
      .get(`${API}/requests/${cert.id}`)
      .set('Authorization', asUser('alice'));
    expect(retired.body.state).toBe('decommissioned');
    // No cluster is configured, so nothing can still hold it.
    expect(await status()).toMatchObject({ decommission: 'decommissioned' });
    expect(retired.body.events.at(-1).message).toBe(
      `certificate removed by decommission request ${first.body.id}`,
    );
    expect(
      fs.existsSync(
        path.join(
          app.gitopsDir,
          'tenants/team-a/certificates',
          cert.certificateName,
        ),
      ),
    ).toBe(false);
  });

  /** [what, who, path, status, the field the message starts with] */
  const BAD: Array<[string, string, (name: string) => string, number, string]> =
    [
      [
        'another team',
        'bob',
        n => `/certificates/team-a/${n}/decommission`,
        403,
        'team',
      ],
      [
        'an unknown certificate',
        'alice',
        () => '/certificates/team-a/nope-example-com/decommission',
        404,
        'certificate',
      ],
      [
        'a bad team name',
        'alice',
        n => `/certificates/Team_A/${n}/decommission`,
        400,
        'team',
      ],
      [
        'a bad certificate name',
        'alice',
        () => '/certificates/team-a/a..b/decommission',
        400,
        'name',
      ],
      [
        'renew of another team',
        'bob',
        n => `/certificates/team-a/${n}/renew`,
        403,
        'team',
      ],
      [
        'renew without a cluster that allows it',
        'alice',
        n => `/certificates/team-a/${n}/renew`,
        503,
        'renew',
      ],
      [
        'retry of an unknown request',
        'alice',
        () => '/requests/00000000-0000-0000-0000-000000000000/retry',
        404,
        'id',
      ],
      [
        'cancel of a malformed id',
        'alice',
        () => '/requests/xyz/cancel',
        400,
        'id',
      ],
    ];

  it.each(BAD)(
    'refuses %s naming the field, and writes nothing',
    async (_what, who, pathOf, status, field) => {
      const cert = await createAndMerge(
        app,
        `bad${BAD.findIndex(b => b[0] === _what)}.team-a`,
      );
      const before = repositoryState(app);
      const response = await request(app.server)
        .post(`${API}${pathOf(cert.certificateName)}`)
        .set('Authorization', asUser(who))
        .send({});
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(new RegExp(`^${field}: `));
      expect(repositoryState(app)).toBe(before);
    },
  );

  it('refuses a cancel scope it does not know (400, naming scope), and writes nothing', async () => {
    const created = await request(app.server)
      .post(`${API}/requests`)
      .set('Authorization', asUser('alice'))
      .send({
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'scope.team-a',
        issuer: 'letsencrypt-staging',
      });
    const before = repositoryState(app);
    const response = await request(app.server)
      .post(`${API}/requests/${created.body.id}/cancel`)
      .set('Authorization', asUser('alice'))
      .send({ scope: 'everything' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^scope: /);
    expect(repositoryState(app)).toBe(before);
    const after = await request(app.server)
      .get(`${API}/requests/${created.body.id}`)
      .set('Authorization', asUser('alice'));
    expect(after.body.state).toBe('pr-open');
  });

  it('refuses to decommission a pending request (409, naming it) and cancels it for members only', async () => {
    const created = await request(app.server)
      .post(`${API}/requests`)
      .set('Authorization', asUser('alice'))
      .send({
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'pending.team-a',
        issuer: 'letsencrypt-staging',
      });
    const before = repositoryState(app);
    const refused = await request(app.server)
      .post(
        `${API}/certificates/team-a/${created.body.certificateName}/decommission`,
      )
      .set('Authorization', asUser('alice'))
      .send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      new RegExp(
        `^certificate: team-a/${created.body.certificateName} has a pr-open request ${created.body.id}`,
      ),
    );
    const foreign = await request(app.server)
      .post(`${API}/requests/${created.body.id}/cancel`)
      .set('Authorization', asUser('bob'))
      .send({});
    expect(foreign.status).toBe(403);
    expect(repositoryState(app)).toBe(before);

    const cancelled = await request(app.server)
      .post(`${API}/requests/${created.body.id}/cancel`)
      .set('Authorization', asUser('alice'))
      .send({});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      changed: true,
      pullRequest: { state: 'closed' },
    });
    const branches = execFileSync(
      'git',
      ['-C', app.gitopsDir, 'branch', '--list'],
      {
        encoding: 'utf8',
      },
    );
    expect(branches).not.toContain(created.body.certificateName);
  });
});
