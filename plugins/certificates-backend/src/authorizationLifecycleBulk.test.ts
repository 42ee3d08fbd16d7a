import request from 'supertest';
import {
  Caller,
  header,
  permissionsRunning,
  testPolicy,
} from './__testUtils__/callers';
import {
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from './__testUtils__/testBackend';

/**
 * The authorization matrix of authorization.test.ts for the bulk and
 * lifecycle routes: every route as a team-a member (alice), a team-b member
 * (bob), a platform admin (carol), a service and nobody. Refused callers
 * must get nothing written and see none of team-a's request ids or names
 * beyond what they put in the URL themselves; the admin reads but, having
 * no team membership, writes nothing (the hard membership check).
 */
const REFUSED_FIRST: Caller[] = ['bob', 'carol', 'service', 'anonymous'];

const row = (subdomain: string) => ({
  team: 'team-a',
  domain: 'example.com',
  subdomain,
  issuer: 'letsencrypt-staging',
});

describe('who may run bulk and lifecycle operations', () => {
  let app: CertificatesTestBackend;
  /** A request and certificate team-a owns, which no one else may see. */
  let secret: { id: string; certificateName: string };

  const post = (caller: Caller, path: string, body: object = {}) =>
    request(app.server)
      .post(`/api/certificates${path}`)
      .set('Authorization', header(caller))
      .send(body);
  const get = (caller: Caller, path: string) =>
    request(app.server)
      .get(`/api/certificates${path}`)
      .set('Authorization', header(caller));

  /** Every request row, as the platform admin sees them. */
  const requestCount = async () =>
    (await get('carol', '/requests')).body.items.length as number;

  async function create(subdomain: string) {
    const res = await post('alice', '/requests', row(subdomain));
    if (res.status !== 201) throw new Error(`setup failed: ${res.text}`);
    return res.body as { id: string; certificateName: string };
  }

  async function createAndMerge(subdomain: string) {
    const created = await create(subdomain);
    const merged = await post('alice', `/requests/${created.id}/merge`);
    if (merged.body.state !== 'merged')
      throw new Error(`setup failed: ${merged.text}`);
    return created;
  }

  /**
   * Runs the refused callers, then alice, against one route; checks each
   * status, that refusals wrote nothing and that their bodies hold none of
   * team-a's secrets.
   */
  async function matrix(
    send: (caller: Caller) => Promise<request.Response>,
    expected: Record<Caller, number>,
    secrets: string[],
  ) {
    const before = { branches: app.branches(), rows: await requestCount() };
    for (const caller of REFUSED_FIRST) {
      const res = await send(caller);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      // The error body echoes the request URL: what the caller sent is no leak.
      const { request: _echo, ...answer } = res.body ?? {};
      if (expected[caller] >= 400)
        for (const s of [...secrets, secret.id, secret.certificateName])
          expect([caller, JSON.stringify(answer)]).toEqual([
            caller,
            expect.not.stringContaining(s),
          ]);
      expect([caller, app.branches(), await requestCount()]).toEqual([
        caller,
        before.branches,
        before.rows,
      ]);
    }
    const own = await send('alice');
    expect(['alice', own.status]).toEqual(['alice', expected.alice]);
    return own;
  }

  beforeAll(async () => {
    app = await startCertificatesTestBackend({
      features: [permissionsRunning(testPolicy)],
    });
    secret = await createAndMerge('hidden.shop');
  });
  afterAll(() => app.backend.stop());

  it('POST /requests/bulk?dryRun=true: members preview; outsiders see their rows rejected', async () => {
    const own = await matrix(
      caller =>
        post(caller, '/requests/bulk?dryRun=true', { rows: [row('dry.shop')] }),
      { alice: 200, bob: 200, carol: 200, service: 403, anonymous: 401 },
      [],
    );
    expect(own.body.rows[0].outcome).toBe('created');
    expect(JSON.stringify(own.body)).toContain('dry.shop.example.com');
    // Outsiders get their own row back, rejected on its team, and no file preview.
    for (const caller of ['bob', 'carol'] as Caller[]) {
      const res = await post(caller, '/requests/bulk?dryRun=true', {
        rows: [row('dry.shop')],
      });
      expect([caller, res.body.rows[0].outcome]).toEqual([caller, 'rejected']);
      expect(res.body.rows[0].problems[0].field).toBe('team');
      expect(res.body.teams).toEqual([]);
    }
  });

  it('POST /requests/bulk: members of the team only, admins included', async () => {
    const own = await matrix(
      caller => post(caller, '/requests/bulk', { rows: [row('bulk.shop')] }),
      { alice: 202, bob: 403, carol: 403, service: 403, anonymous: 401 },
      [],
    );
    expect(own.body.teams.map((t: { team: string }) => t.team)).toEqual([
      'team-a',
    ]);
  });

  it("GET /requests/bulk/:id: the author and admins; another team's batch is not found", async () => {
    const batch = await post('alice', '/requests/bulk', {
      rows: [row('read.shop')],
    });
    expect(batch.status).toBe(202);
    await matrix(
      caller => get(caller, `/requests/bulk/${batch.body.id}`),
      { alice: 200, bob: 404, carol: 200, service: 403, anonymous: 401 },
      ['read.shop', 'team-a'],
    );
  });

  it.each(['retry', 'cancel'] as const)(
    "POST /requests/:id/%s: the team only; another team's id is not found",
    async action => {
      const pending = await create(`${action}.shop`);
      const own = await matrix(
        caller => post(caller, `/requests/${pending.id}/${action}`),
        // bob cannot read team-a's requests, so the id answers as unknown;
        // carol may read it but is no member, so she may not change it.
        { alice: 200, bob: 404, carol: 403, service: 403, anonymous: 401 },
        [pending.certificateName],
      );
      // The admin may read team-a, so her refusal may name it; bob's may not.
      const probe = await post('bob', `/requests/${pending.id}/${action}`);
      expect(JSON.stringify(probe.body.error)).not.toContain('team-a');
      // Retrying an open request is a no-op; cancelling closes it.
      expect(own.body).toMatchObject(
        action === 'retry'
          ? { state: 'pr-open', changed: false }
          : { state: 'cancelled', changed: true },
      );
    },
  );

  it('POST /certificates/:team/:name/decommission: members of the team only', async () => {
    const cert = await createAndMerge('retire.shop');
    const own = await matrix(
      caller =>
        post(
          caller,
          `/certificates/team-a/${cert.certificateName}/decommission`,
        ),
      { alice: 201, bob: 403, carol: 403, service: 403, anonymous: 401 },
      [cert.id],
    );
    expect(own.body).toMatchObject({
      operation: 'decommission',
      changed: true,
    });
  });

  it('POST /certificates/:team/:name/renew: refusal comes before the missing cluster (503)', async () => {
    const own = await matrix(
      caller =>
        post(caller, `/certificates/team-a/${secret.certificateName}/renew`),
      { alice: 503, bob: 403, carol: 403, service: 403, anonymous: 401 },
      [],
    );
    expect(own.body.error.message).toMatch(/^renew: /);
  });
});
