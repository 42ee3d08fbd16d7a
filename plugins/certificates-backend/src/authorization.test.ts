import request from 'supertest';
import {
  CALLERS,
  Caller,
  header,
  permissionsRunning,
  testPolicy as policy,
} from './__testUtils__/callers';
import {
  asUser,
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from './__testUtils__/testBackend';

/** What only team-a (alice) and team-b (bob) may see. */
const TEAM_A = {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'secret-a.shop',
  issuer: 'letsencrypt-staging',
};
const TEAM_B = {
  team: 'team-b',
  domain: 'example.org',
  subdomain: 'secret.team-b',
  issuer: 'letsencrypt-staging',
};
const A_NAME = 'secret-a.shop.example.com';
const B_NAME = 'secret.team-b.example.org';

describe('who may see and do what', () => {
  let app: CertificatesTestBackend;
  let idA: string;
  let idB: string;

  beforeAll(async () => {
    app = await startCertificatesTestBackend({
      features: [permissionsRunning(policy)],
    });
    const a = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('alice'))
      .send(TEAM_A);
    const b = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('bob'))
      .send(TEAM_B);
    if (a.status !== 201 || b.status !== 201)
      throw new Error(`setup failed: ${a.text} ${b.text}`);
    idA = a.body.id;
    idB = b.body.id;
  });
  afterAll(() => app.backend.stop());

  const get = (caller: Caller, path: string) =>
    request(app.server)
      .get(`/api/certificates${path}`)
      .set('Authorization', header(caller));
  const post = (caller: Caller, path: string, body: object = {}) =>
    request(app.server)
      .post(`/api/certificates${path}`)
      .set('Authorization', header(caller))
      .send(body);

  /** The body names nothing of the team the caller may not see. */
  function expectNothingOf(team: 'a' | 'b', body: unknown) {
    const text = JSON.stringify(body);
    for (const secret of team === 'a' ? [idA, A_NAME] : [idB, B_NAME])
      expect(text).not.toContain(secret);
  }

  it('GET /requests: each team its own, admins and services everything', async () => {
    const expected: Record<Caller, [number, string[]]> = {
      alice: [200, [idA]],
      bob: [200, [idB]],
      carol: [200, [idA, idB].sort()],
      service: [200, [idA, idB].sort()],
      anonymous: [401, []],
    };
    for (const caller of CALLERS) {
      const res = await get(caller, '/requests');
      expect([caller, res.status]).toEqual([caller, expected[caller][0]]);
      const ids = (res.body.items ?? [])
        .map((r: { id: string }) => r.id)
        .sort();
      expect([caller, ids]).toEqual([caller, expected[caller][1]]);
    }
    expectNothingOf('b', (await get('alice', '/requests')).body);
    expectNothingOf('a', (await get('bob', '/requests')).body);
    // Asking for another team's requests by name gives an empty list, not theirs.
    const filtered = await get('alice', '/requests?team=team-b');
    expect(filtered.status).toBe(200);
    expect(filtered.body.items).toEqual([]);
  });

  it("GET /requests/:id: another team's request is not found, not forbidden", async () => {
    const expected: Record<Caller, number> = {
      alice: 200,
      bob: 404,
      carol: 200,
      service: 403,
      anonymous: 401,
    };
    for (const caller of CALLERS) {
      const res = await get(caller, `/requests/${idA}`);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
    }
    const probe = await get('bob', `/requests/${idA}`);
    const unknown = await get(
      'bob',
      '/requests/00000000-0000-0000-0000-000000000000',
    );
    expect(probe.body.error.message).toBe(`request ${idA} not found`);
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(probe.body)).not.toContain(A_NAME);
    expect((await get('alice', `/requests/${idA}`)).body.names).toEqual([
      A_NAME,
    ]);
  });

  it('POST /requests and /preview: members of the team only, admins included', async () => {
    for (const [path, okStatus] of [
      ['/preview', 200],
      ['/requests', 200],
    ] as const) {
      const expected: Record<Caller, number> = {
        alice: okStatus,
        bob: 403,
        carol: 403,
        service: 403,
        anonymous: 401,
      };
      for (const caller of CALLERS) {
        const res = await post(caller, path, TEAM_A);
        expect([path, caller, res.status]).toEqual([
          path,
          caller,
          expected[caller],
        ]);
        if (caller !== 'alice') expectNothingOf('a', res.body);
      }
    }
    const before = app.branches().length;
    const refused = await post('bob', '/requests', {
      ...TEAM_A,
      subdomain: 'bob.shop',
    });
    expect(refused.body.error.message).toMatch(/^team: /);
    expect(app.branches()).toHaveLength(before);
  });

  it('GET /options: only the teams the caller may request for', async () => {
    const teams = async (caller: Caller) =>
      (await get(caller, '/options')).body.teams?.map(
        (t: { name: string }) => t.name,
      );
    expect(await teams('alice')).toEqual(['team-a']);
    expect(await teams('bob')).toEqual(['team-b']);
    expect(await teams('carol')).toEqual([]);
    expect((await get('service', '/options')).status).toBe(403);
    expect((await get('anonymous', '/options')).status).toBe(401);
  });

  it('POST /requests/:id/merge: the team merges its own local pull request', async () => {
    const created = await post('alice', '/requests', {
      ...TEAM_A,
      subdomain: 'merge.shop',
    });
    const expected: Record<Caller, number> = {
      bob: 404,
      carol: 403,
      service: 403,
      anonymous: 401,
      alice: 200,
    };
    for (const caller of [
      'bob',
      'carol',
      'service',
      'anonymous',
      'alice',
    ] as Caller[]) {
      const res = await post(caller, `/requests/${created.body.id}/merge`);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      if (caller === 'bob') expectNothingOf('a', res.body);
    }
  });

  it.each([
    ['get', '/platform/preview'],
    ['get', '/platform/status'],
    ['post', '/platform/bootstrap'],
  ] as const)('%s %s: platform admins only', async (method, path) => {
    const expected: Record<Caller, number> = {
      alice: 403,
      bob: 403,
      service: 403,
      anonymous: 401,
      carol: 200,
    };
    const bodies: Partial<Record<Caller, string>> = {};
    for (const caller of [
      'alice',
      'bob',
      'service',
      'anonymous',
      'carol',
    ] as Caller[]) {
      const res =
        method === 'get' ? await get(caller, path) : await post(caller, path);
      expect([caller, res.status]).toEqual([caller, expected[caller]]);
      bodies[caller] = JSON.stringify(res.body);
    }
    // The DNS-01 solver configuration (cloudflare in the test platform) reaches admins only.
    for (const caller of ['alice', 'bob', 'service', 'anonymous'] as Caller[])
      expect([caller, bodies[caller]]).toEqual([
        caller,
        expect.not.stringContaining('cloudflare'),
      ]);
  });

  it("status: a team's certificates for its members and admins; others and unknown teams 404", async () => {
    const expected: Record<Caller, number> = {
      alice: 200,
      bob: 404,
      carol: 200,
      service: 403,
      anonymous: 401,
    };
    const certificate = (await get('alice', `/requests/${idA}`)).body
      .certificateName;
    const outsiders: unknown[] = [];
    for (const caller of CALLERS) {
      const team = await get(caller, '/teams/team-a/certificates');
      const one = await get(caller, `/certificates/team-a/${certificate}`);
      expect([caller, team.status, one.status]).toEqual([
        caller,
        expected[caller],
        expected[caller],
      ]);
      if (expected[caller] !== 200) outsiders.push(team.body, one.body);
    }
    expectNothingOf('a', outsiders);
    expectNothingOf(
      'b',
      (await get('alice', '/teams/team-a/certificates')).body,
    );
    for (const caller of ['alice', 'carol'] as Caller[])
      expect(
        (await get(caller, '/teams/no-such-team/certificates')).status,
      ).toBe(404);
  });
});

describe('with the permission framework disabled (every decision ALLOW)', () => {
  let app: CertificatesTestBackend;
  beforeAll(async () => {
    app = await startCertificatesTestBackend();
  });
  afterAll(() => app.backend.stop());

  it('still refuses writes for a team the caller is not a member of', async () => {
    const res = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('bob'))
      .send(TEAM_A);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/^team: /);
    const preview = await request(app.server)
      .post('/api/certificates/preview')
      .set('Authorization', asUser('carol'))
      .send(TEAM_A);
    expect(preview.status).toBe(403);
    expect(app.branches()).toEqual([]);
  });
});
