import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { permissionsRunning, testPolicy } from '../__testUtils__/callers';
import {
  asUser,
  startCertificatesTestBackend,
} from '../__testUtils__/testBackend';
import { createApiRouter } from '../router';
import { RouteContext } from './context';
import { GitopsTarget } from '../services/Gitops';
import { pullRequestRoutes } from './pullRequests';

type Started = Awaited<ReturnType<typeof startCertificatesTestBackend>>;

const API = '/api/certificates';

describe('GET /pull-requests/:number (local target)', () => {
  let app: Started;
  let number: number;
  let requestId: string;
  beforeAll(async () => {
    app = await startCertificatesTestBackend({
      features: [permissionsRunning(testPolicy)],
      rootConfig: { app: { baseUrl: 'http://127.0.0.1:3000' } },
    });
    const created = await request(app.server)
      .post(`${API}/requests`)
      .set('Authorization', asUser('alice'))
      .send({
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'pr.shop',
        issuer: 'letsencrypt-staging',
      });
    if (created.status !== 201) throw new Error(`setup: ${created.text}`);
    number = created.body.pullRequest.number;
    requestId = created.body.id;
  });
  afterAll(async () => {
    await app.backend.stop();
  });

  const read = (user: string, n: number | string = number) =>
    request(app.server)
      .get(`${API}/pull-requests/${n}`)
      .set('Authorization', asUser(user));

  it('links a new pull request to its page in the app, not to a file', async () => {
    const { body } = await request(app.server)
      .get(`${API}/requests/${requestId}`)
      .set('Authorization', asUser('alice'));
    expect(body.pullRequest.url).toBe(
      `http://127.0.0.1:3000/certificates/pull-requests/${number}`,
    );
  });

  it("shows the team its open pull request with each file's diff against the base", async () => {
    const res = await read('alice');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number,
      state: 'open',
      base: 'main',
      approved: false,
      requests: [
        { id: requestId, team: 'team-a', names: ['pr.shop.example.com'] },
      ],
    });
    expect(res.body.title).toContain('pr.shop.example.com');
    const certificate = res.body.files.find(
      (f: { path: string }) =>
        f.path.endsWith('.yaml') && f.path.includes('certificate'),
    );
    expect(certificate).toMatchObject({ status: 'added' });
    expect(certificate.diff).toMatch(/^@@ -0,0 \+1,\d+ @@/);
    expect(certificate.diff).toContain('+    - pr.shop.example.com');
    expect(certificate.diff).not.toContain('diff --git');
  });

  it("answers another team's pull request as not found, and platform admins read it", async () => {
    const outsider = await read('bob');
    expect(outsider.status).toBe(404);
    expect(JSON.stringify(outsider.body)).not.toContain('pr.shop');
    const admin = await read('carol');
    expect(admin.status).toBe(200);
    expect(admin.body.requests[0].id).toBe(requestId);
  });

  it('names the field of a bad number and 404s an unknown one', async () => {
    const bad = await read('alice', 'abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^number: /);
    expect((await read('alice', 9999)).status).toBe(404);
    const anonymous = await request(app.server)
      .get(`${API}/pull-requests/${number}`)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('shows a merged pull request with the changes its merge brought in', async () => {
    const merged = await request(app.server)
      .post(`${API}/requests/${requestId}/merge`)
      .set('Authorization', asUser('alice'))
      .send({});
    expect(merged.body.state).toBe('merged');
    const res = await read('alice');
    expect(res.body.state).toBe('merged');
    expect(res.body.requests[0].state).toBe('merged');
    expect(
      res.body.files.some((f: { diff: string }) =>
        f.diff.includes('+    - pr.shop.example.com'),
      ),
    ).toBe(true);
  });
});

describe('GET /pull-requests/:number (GitHub target)', () => {
  it('is a conflict: GitHub pull requests are read on GitHub', async () => {
    const app = express();
    app.use(
      createApiRouter([
        pullRequestRoutes({
          httpAuth: mockServices.httpAuth(),
          access: {
            allowed: async () => true,
            assertAdmin: async () => {},
          } as Partial<RouteContext['access']> as RouteContext['access'],
          store: {
            list: async () => [],
          } as Partial<RouteContext['store']> as RouteContext['store'],
          gitops: { kind: 'github' } as GitopsTarget,
        }),
      ]),
    );
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const res = await request(app)
      .get('/pull-requests/3')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^number: .*GitHub/);
  });
});
