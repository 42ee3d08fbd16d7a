import request from 'supertest';
import {
  asUser,
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from './__testUtils__/testBackend';

/**
 * The issuance budgets where requests enter (issue 24): a single request and
 * a bulk request over the team's weekly budget are refused with a 409 naming
 * the field and the budget; nothing is stored and no pull request is opened.
 */
describe('issuance budgets at the request API', () => {
  let started: CertificatesTestBackend;
  beforeAll(async () => {
    started = await startCertificatesTestBackend({
      extraConfig: { issuance: { perTeamPerWeek: 2 } },
    });
  });
  afterAll(async () => {
    await started.backend.stop();
  });

  const body = (sub: string, issuer = 'letsencrypt-prod') => ({
    team: 'team-a',
    domain: 'example.com',
    subdomain: `${sub}.shop`,
    issuer,
  });
  const post = (b: object) =>
    request(started.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('alice'))
      .send(b);

  it('admits the budget, then refuses single and bulk requests with a 409 naming the budget; staging is not counted', async () => {
    expect((await post(body('a'))).status).toBe(201);
    expect((await post(body('b'))).status).toBe(201);
    const branches = started.branches();
    const refused = await post(body('c'));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /^team: team team-a has asked for 2 new certificates in the last 7 days; 1 more would exceed its issuance budget of 2 a week \(certificates\.issuance\.perTeamPerWeek\)/,
    );
    const bulk = await request(started.server)
      .post('/api/certificates/requests/bulk')
      .set('Authorization', asUser('alice'))
      .send({ rows: [body('d'), body('e')] });
    expect(bulk.status).toBe(409);
    expect(bulk.body.error.message).toMatch(/^team: team team-a .* 2 more/);
    expect(started.branches()).toEqual(branches);
    const list = await request(started.server)
      .get('/api/certificates/requests?team=team-a')
      .set('Authorization', asUser('alice'));
    expect(JSON.stringify(list.body)).not.toContain('c.shop.example.com');
    expect((await post(body('f', 'letsencrypt-staging'))).status).toBe(201);
  });
});
