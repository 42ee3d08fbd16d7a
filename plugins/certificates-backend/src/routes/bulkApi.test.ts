import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  asUser,
  startCertificatesTestBackend,
} from '../__testUtils__/testBackend';

type Started = Awaited<ReturnType<typeof startCertificatesTestBackend>>;

const row = (i: number, team = 'team-a') => ({
  team,
  domain: 'example.com',
  subdomain: `svc-${i}.${team}`,
  issuer: 'letsencrypt-staging',
  justification: `Migrated from the old CA, ticket MIG-${i}: ${'x'.repeat(
    200,
  )}`,
});

// The bulk API as the plugin mounts it: its own body limit, the policy and the catalog membership.
describe('POST /api/certificates/requests/bulk in the plugin', () => {
  let started: Started;
  beforeAll(async () => {
    started = await startCertificatesTestBackend();
  });
  afterAll(async () => {
    await started.backend.stop();
  });

  it('takes a body over the 64 kB of single requests and opens one pull request for the team', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(i));
    expect(JSON.stringify({ rows }).length).toBeGreaterThan(64 * 1024);
    const res = await request(started.server)
      .post('/api/certificates/requests/bulk')
      .set('Authorization', asUser('alice'))
      .send({ rows });
    expect(res.status).toBe(202);
    let batch = res.body;
    for (let i = 0; i < 400 && batch.state !== 'done'; i++) {
      await new Promise(r => setTimeout(r, 50));
      batch = (
        await request(started.server)
          .get(`/api/certificates/requests/bulk/${res.body.id}`)
          .set('Authorization', asUser('alice'))
      ).body;
    }
    expect(batch.progress).toEqual({ queued: 0, opened: 1, failed: 0 });
    expect(batch.teams[0].certificates).toHaveLength(200);
    expect(started.branches()).toEqual([batch.teams[0].branch]);
  });

  it('refuses the whole batch for a row of a team the user is not a member of, naming the row', async () => {
    const res = await request(started.server)
      .post('/api/certificates/requests/bulk')
      .set('Authorization', asUser('bob'))
      .send({ rows: [row(1000, 'team-b'), row(1001, 'team-a')] });
    expect(res.status).toBe(403);
    expect(
      res.body.error.message.split('\n').map((l: string) => l.split(':')[0]),
    ).toEqual(['rows[1].team']);
  });

  it('needs a signed-in user', async () => {
    const res = await request(started.server)
      .post('/api/certificates/requests/bulk')
      .set('Authorization', mockCredentials.none.header())
      .send({ rows: [row(1)] });
    expect(res.status).toBe(401);
  });
});
