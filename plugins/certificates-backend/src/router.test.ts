import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  asUser,
  startCertificatesTestBackend,
} from './__testUtils__/testBackend';

type Started = Awaited<ReturnType<typeof startCertificatesTestBackend>>;

const valid = {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'api.team-a',
  issuer: 'letsencrypt-staging',
};

/** [what, body, status, field the error must name] */
const BAD_INPUT: Array<[string, unknown, number, string]> = [
  // team
  ['team uppercase', { ...valid, team: 'Team-A' }, 400, 'team'],
  ['team empty', { ...valid, team: '' }, 400, 'team'],
  [
    'team missing',
    { domain: 'example.com', issuer: 'letsencrypt-staging' },
    400,
    'team',
  ],
  ['team a number', { ...valid, team: 7 }, 400, 'team'],
  ['team leading hyphen', { ...valid, team: '-team' }, 400, 'team'],
  ['team trailing hyphen', { ...valid, team: 'team-' }, 400, 'team'],
  ['team 64 characters', { ...valid, team: 'a'.repeat(64) }, 400, 'team'],
  ['team with a dot', { ...valid, team: 'team.a' }, 400, 'team'],
  ['team kube-system', { ...valid, team: 'kube-system' }, 400, 'team'],
  ['team kube-public', { ...valid, team: 'kube-public' }, 400, 'team'],
  ['team default', { ...valid, team: 'default' }, 400, 'team'],
  ['team cert-manager', { ...valid, team: 'cert-manager' }, 400, 'team'],
  [
    'team external-secrets',
    { ...valid, team: 'external-secrets' },
    400,
    'team',
  ],
  ['team vault', { ...valid, team: 'vault' }, 400, 'team'],
  ['team kyverno', { ...valid, team: 'kyverno' }, 400, 'team'],
  ['team argocd', { ...valid, team: 'argocd' }, 400, 'team'],
  ['team backstage', { ...valid, team: 'backstage' }, 400, 'team'],
  ['team monitoring', { ...valid, team: 'monitoring' }, 400, 'team'],
  [
    'team configured as reserved',
    { ...valid, team: 'platform-system' },
    400,
    'team',
  ],
  ['team path traversal', { ...valid, team: '../team-b' }, 400, 'team'],
  ['team url-encoded traversal', { ...valid, team: '%2e%2e' }, 400, 'team'],
  ['team NUL', { ...valid, team: 'team-a\u0000' }, 400, 'team'],
  ['team trailing newline', { ...valid, team: 'team-a\n' }, 400, 'team'],
  [
    'team YAML injection',
    { ...valid, team: 'x\nkind: ClusterRoleBinding' },
    400,
    'team',
  ],
  ['team Cyrillic homograph', { ...valid, team: 'teаm-a' }, 400, 'team'],
  [
    'team not configured',
    { ...valid, team: 'team-z', subdomain: 'x.team-z' },
    403,
    'team',
  ],
  [
    'team of which the user is not a member',
    { ...valid, team: 'team-b', domain: 'example.org', subdomain: '' },
    403,
    'team',
  ],
  // subdomain
  [
    'subdomain uppercase',
    { ...valid, subdomain: 'API.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain Unicode homograph',
    { ...valid, subdomain: 'аpi.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain zero-width space',
    { ...valid, subdomain: 'api\u200b.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain fullwidth letters',
    { ...valid, subdomain: 'ａｐｉ.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain path traversal',
    { ...valid, subdomain: '../team-b' },
    400,
    'subdomain',
  ],
  [
    'subdomain url-encoded',
    { ...valid, subdomain: '%2e%2e.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain NUL',
    { ...valid, subdomain: 'api\u0000.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain trailing newline',
    { ...valid, subdomain: 'api.team-a\n' },
    400,
    'subdomain',
  ],
  [
    'subdomain YAML injection',
    { ...valid, subdomain: 'x\nkind: ClusterRoleBinding' },
    400,
    'subdomain',
  ],
  [
    'subdomain underscore',
    { ...valid, subdomain: '_acme.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain leading hyphen',
    { ...valid, subdomain: '-api.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain trailing hyphen',
    { ...valid, subdomain: 'api-.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain empty label',
    { ...valid, subdomain: 'api..team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain trailing dot',
    { ...valid, subdomain: 'api.team-a.' },
    400,
    'subdomain',
  ],
  [
    'subdomain leading dot',
    { ...valid, subdomain: '.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain 64-character label',
    { ...valid, subdomain: `${'a'.repeat(64)}.team-a` },
    400,
    'subdomain',
  ],
  [
    'subdomain making a 254-character name',
    {
      ...valid,
      subdomain: `${Array(8).fill('a'.repeat(29)).join('.')}.team-a`,
    },
    400,
    'subdomain',
  ],
  [
    'subdomain partial wildcard',
    { ...valid, subdomain: 'api*.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain wildcard label',
    { ...valid, subdomain: '*.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain wildcard in a middle label',
    { ...valid, subdomain: 'x.*.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain URL',
    { ...valid, subdomain: 'https://api.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain e-mail address',
    { ...valid, subdomain: 'me@api.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain IP address',
    { ...valid, subdomain: '10.0.0.1' },
    400,
    'subdomain',
  ],
  [
    'subdomain with a space',
    { ...valid, subdomain: 'api .team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain "--" without punycode',
    { ...valid, subdomain: 'ab--cd.team-a' },
    400,
    'subdomain',
  ],
  [
    'subdomain punycode where the zone forbids IDNs',
    { ...valid, subdomain: 'xn--bcher-kva.team-a' },
    400,
    'subdomain',
  ],
  ['subdomain a number', { ...valid, subdomain: 5 }, 400, 'subdomain'],
  [
    'subdomain of another team',
    { ...valid, subdomain: 'api.team-b' },
    403,
    'subdomain',
  ],
  [
    'subdomain prefix twin of the team',
    { ...valid, subdomain: 'api.team-ab' },
    403,
    'subdomain',
  ],
  [
    'subdomain outside any grant',
    { ...valid, subdomain: 'www' },
    403,
    'subdomain',
  ],
  ['apex not granted', { ...valid, subdomain: '' }, 403, 'domain'],
  // domain
  ['domain not configured', { ...valid, domain: 'example.net' }, 400, 'domain'],
  ['domain public suffix com', { ...valid, domain: 'com' }, 400, 'domain'],
  ['domain public suffix co.uk', { ...valid, domain: 'co.uk' }, 400, 'domain'],
  [
    'domain private public suffix github.io',
    { ...valid, domain: 'github.io' },
    400,
    'domain',
  ],
  ['domain uppercase', { ...valid, domain: 'Example.com' }, 400, 'domain'],
  ['domain trailing dot', { ...valid, domain: 'example.com.' }, 400, 'domain'],
  ['domain URL', { ...valid, domain: 'https://example.com' }, 400, 'domain'],
  ['domain IP address', { ...valid, domain: '192.168.1.1' }, 400, 'domain'],
  ['domain IPv6 address', { ...valid, domain: '::1' }, 400, 'domain'],
  [
    'domain e-mail address',
    { ...valid, domain: 'admin@example.com' },
    400,
    'domain',
  ],
  ['domain wildcard', { ...valid, domain: '*.com' }, 400, 'domain'],
  ['domain empty', { ...valid, domain: '' }, 400, 'domain'],
  [
    'domain parent of a zone',
    { ...valid, domain: 'example.net', subdomain: 'idn' },
    400,
    'domain',
  ],
  // wildcard
  ['wildcard not a boolean', { ...valid, wildcard: 'yes' }, 400, 'wildcard'],
  [
    'wildcard where not granted',
    { ...valid, domain: 'example.org', subdomain: 'team-a', wildcard: true },
    403,
    'wildcard',
  ],
  [
    'parent-zone wildcard',
    { ...valid, subdomain: '', wildcard: true },
    403,
    'wildcard',
  ],
  // issuer
  ['issuer unknown', { ...valid, issuer: 'letsencrypt' }, 400, 'issuer'],
  ['issuer uppercase', { ...valid, issuer: 'LetsEncrypt-Prod' }, 400, 'issuer'],
  [
    'issuer missing',
    { team: 'team-a', domain: 'example.com', subdomain: 'team-a' },
    400,
    'issuer',
  ],
  [
    'issuer YAML injection',
    { ...valid, issuer: 'x\nkind: Issuer' },
    400,
    'issuer',
  ],
  // free text
  [
    'justification NUL',
    { ...valid, justification: 'because\u0000' },
    400,
    'justification',
  ],
  [
    'justification bidi override',
    { ...valid, justification: 'safe \u202e gnp.exe' },
    400,
    'justification',
  ],
  [
    'justification zero-width joiner',
    { ...valid, justification: 'a\u200db' },
    400,
    'justification',
  ],
  [
    'justification 1001 characters',
    { ...valid, justification: 'x'.repeat(1001) },
    400,
    'justification',
  ],
  [
    'justification an object',
    { ...valid, justification: { text: 'x' } },
    400,
    'justification',
  ],
  ['name uppercase', { ...valid, name: 'MyCert' }, 400, 'name'],
  ['name too long', { ...valid, name: 'a'.repeat(53) }, 400, 'name'],
  ['name traversal', { ...valid, name: '../secret' }, 400, 'name'],
  [
    'keyAlgorithm unknown',
    { ...valid, keyAlgorithm: 'DSA-1024' },
    400,
    'keyAlgorithm',
  ],
  // additional names
  [
    'additional name of another team',
    { ...valid, additionalNames: ['www.team-b.example.com'] },
    403,
    'additionalNames.0',
  ],
  [
    'second SAN sneaking in another team',
    {
      ...valid,
      additionalNames: ['x.team-a.example.com', 'x.team-ab.example.com'],
    },
    403,
    'additionalNames.1',
  ],
  [
    'additional name *.com',
    { ...valid, additionalNames: ['*.com'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name co.uk',
    { ...valid, additionalNames: ['co.uk'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name partial wildcard',
    { ...valid, additionalNames: ['w*.team-a.example.com'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name middle wildcard',
    { ...valid, additionalNames: ['a.*.team-a.example.com'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name mixed case',
    { ...valid, additionalNames: ['WWW.team-a.example.com'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name trailing dot',
    { ...valid, additionalNames: ['www.team-a.example.com.'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name IP address',
    { ...valid, additionalNames: ['127.0.0.1'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional name outside the zones',
    { ...valid, additionalNames: ['www.example.net'] },
    400,
    'additionalNames.0',
  ],
  [
    'additional names too many',
    {
      ...valid,
      additionalNames: Array.from(
        { length: 21 },
        (_, i) => `n${i}.team-a.example.com`,
      ),
    },
    400,
    'additionalNames',
  ],
  // the request itself
  [
    'extra key namespace',
    { ...valid, namespace: 'kube-system' },
    400,
    'namespace',
  ],
  ['extra key isCA', { ...valid, isCA: true }, 400, 'isCA'],
  [
    'extra key dnsNames',
    { ...valid, dnsNames: ['evil.example.com'] },
    400,
    'dnsNames',
  ],
  ['extra key commonName', { ...valid, commonName: 'x' }, 400, 'commonName'],
  ['body an array', [valid], 400, '(body)'],
  ['body a string', 'team-a', 400, '(body)'],
  ['body null', null, 400, '(body)'],
];

describe('certificates API', () => {
  let app: Started;

  beforeAll(async () => {
    app = await startCertificatesTestBackend();
  });
  afterAll(async () => {
    await app.backend.stop();
  });

  async function storedCount() {
    const res = await request(app.server)
      .get('/api/certificates/requests')
      .set('Authorization', asUser('alice'));
    expect(res.status).toBe(200);
    return res.body.items.length as number;
  }

  it('answers health without a token', async () => {
    const res = await request(app.server).get('/api/certificates/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    ['/options', 403],
    ['/requests', 200],
  ])(
    'requires a signed-in user for %s (a service gets %i)',
    async (path, serviceStatus) => {
      expect(
        (
          await request(app.server)
            .get(`/api/certificates${path}`)
            .set('Authorization', mockCredentials.none.header())
        ).status,
      ).toBe(401);
      expect(
        (
          await request(app.server)
            .get(`/api/certificates${path}`)
            .set('Authorization', mockCredentials.service.header())
        ).status,
      ).toBe(serviceStatus);
    },
  );

  it('refuses requests from a service principal', async () => {
    const res = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', mockCredentials.service.header())
      .send(valid);
    expect(res.status).toBe(403);
    expect(await storedCount()).toBe(0);
  });

  it('has a bad-input corpus of at least 80 cases', () => {
    expect(BAD_INPUT.length).toBeGreaterThanOrEqual(80);
  });

  it.each(BAD_INPUT)('refuses %s', async (_what, body, status, field) => {
    for (const path of ['/preview', '/requests']) {
      const res = await request(app.server)
        .post(`/api/certificates${path}`)
        .set('Authorization', asUser('alice'))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBe(status);
      expect(
        res.body.error.message.split('\n').map((l: string) => l.split(': ')[0]),
      ).toContain(field);
    }
    expect(await storedCount()).toBe(0);
    expect(app.branches()).toEqual([]);
  });

  it.each([
    ['a non-JSON body', 'application/json', '{"team": "team-a",'],
    ['a form body', 'application/x-www-form-urlencoded', 'team=team-a'],
    ['a text body', 'text/plain', JSON.stringify(valid)],
  ])('refuses %s', async (_what, type, body) => {
    const res = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('alice'))
      .set('Content-Type', type)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^\(body\): /);
    expect(await storedCount()).toBe(0);
  });

  it('refuses a member in the token who is no longer in the catalog', async () => {
    const res = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('mallory'))
      .send(valid);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/^team: /);
    expect(await storedCount()).toBe(0);
    expect(app.branches()).toEqual([]);
  });

  it('keeps "no", "on" and "yes" labels as strings in the preview', async () => {
    const res = await request(app.server)
      .post('/api/certificates/preview')
      .set('Authorization', asUser('alice'))
      .send({ ...valid, subdomain: 'no.on.yes.y.team-a' });
    expect(res.status).toBe(200);
    const certificate = res.body.find((f: { path: string }) =>
      f.path.endsWith('/certificate.yaml'),
    );
    expect(certificate.content).toContain('no.on.yes.y.team-a.example.com');
    expect(await storedCount()).toBe(0);
  });

  it('lists options for the user: their teams, grants and the issuers', async () => {
    const res = await request(app.server)
      .get('/api/certificates/options')
      .set('Authorization', asUser('alice'));
    expect(res.status).toBe(200);
    expect(res.body.teams.map((t: { name: string }) => t.name)).toEqual([
      'team-a',
    ]);
    expect(res.body.teams[0].domains[0].grants).toEqual([
      { base: 'team-a.example.com', kind: 'subtree', wildcard: true },
      { base: 'shop.example.com', kind: 'subtree', wildcard: true },
    ]);
    expect(res.body.issuers.map((i: { name: string }) => i.name)).toEqual([
      'letsencrypt-staging',
      'letsencrypt-prod',
    ]);
    expect(res.body.gitopsTarget).toBe('local');
  });

  describe('platform bundle', () => {
    it('previews it, reports it missing and opens one pull request for it', async () => {
      const preview = await request(app.server)
        .get('/api/certificates/platform/preview')
        .set('Authorization', asUser('alice'));
      expect(preview.status).toBe(200);
      const paths: string[] = preview.body.map((f: { path: string }) => f.path);
      expect(paths).toEqual(
        expect.arrayContaining(['platform/monitoring/prometheusrule.yaml']),
      );
      // The platform's own files: platform/ and the repository check under .github/.
      expect(
        paths.every(p => p.startsWith('platform/') || p.startsWith('.github/')),
      ).toBe(true);

      const before = await request(app.server)
        .get('/api/certificates/platform/status')
        .set('Authorization', asUser('alice'));
      expect(before.body).toMatchObject({ upToDate: false, outdated: [] });
      expect(before.body.missing).toEqual(paths);

      const first = await request(app.server)
        .post('/api/certificates/platform/bootstrap')
        .set('Authorization', asUser('alice'))
        .send({});
      const again = await request(app.server)
        .post('/api/certificates/platform/bootstrap')
        .set('Authorization', asUser('alice'))
        .send({});
      expect(first.status).toBe(200);
      expect(first.body.pullRequest).toMatchObject({
        branch: 'certificates/platform',
        state: 'open',
      });
      expect(again.body.pullRequest.number).toBe(first.body.pullRequest.number);
      expect(app.branches()).toContain('certificates/platform');
    });
  });

  describe('requests', () => {
    it('creates one request and one pull request, then answers identical requests with the same record', async () => {
      const body = {
        ...valid,
        subdomain: 'shop',
        wildcard: true,
        justification: '@platform closes #1 <b>now</b>',
      };
      const first = await request(app.server)
        .post('/api/certificates/requests')
        .set('Authorization', asUser('alice'))
        .send(body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        state: 'pr-open',
        team: 'team-a',
        names: ['*.shop.example.com'],
        issuer: 'letsencrypt-staging',
        createdBy: 'user:default/alice',
        pullRequest: {
          number: expect.any(Number),
          branch: 'certificates/team-a/wildcard---shop-example-com',
          state: 'open',
        },
      });
      const again = await request(app.server)
        .post('/api/certificates/requests')
        .set('Authorization', asUser('alice'))
        .send(body);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(
        app.branches().filter(b => b.startsWith('certificates/team-a/')),
      ).toEqual(['certificates/team-a/wildcard---shop-example-com']);

      const fetched = await request(app.server)
        .get(`/api/certificates/requests/${first.body.id}`)
        .set('Authorization', asUser('alice'));
      expect(fetched.status).toBe(200);
      expect(
        fetched.body.events.map((e: { state: string }) => e.state),
      ).toEqual(['pending', 'pr-open']);
    });

    it('gives 50 concurrent identical submissions one request and one pull request', async () => {
      const body = { ...valid, subdomain: 'burst.team-a' };
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          request(app.server)
            .post('/api/certificates/requests')
            .set('Authorization', asUser('alice'))
            .send(body),
        ),
      );
      const ids = new Set(responses.map(r => r.body.id));
      expect(responses.every(r => r.status === 200 || r.status === 201)).toBe(
        true,
      );
      expect(responses.filter(r => r.status === 201)).toHaveLength(1);
      expect(ids.size).toBe(1);
      expect(app.branches().filter(b => b.includes('burst'))).toHaveLength(1);
    });

    it('honours the Idempotency-Key header and refuses it with another body', async () => {
      const send = (subdomain: string) =>
        request(app.server)
          .post('/api/certificates/requests')
          .set('Authorization', asUser('alice'))
          .set('Idempotency-Key', 'task-42')
          .send({ ...valid, subdomain });
      const first = await send('idem.team-a');
      const retry = await send('idem.team-a');
      const before = await storedCount();
      const other = await send('other.team-a');
      expect(first.status).toBe(201);
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
      expect(other.status).toBe(422);
      expect(other.body.error.message).toMatch(/^Idempotency-Key: /);
      expect(JSON.stringify(other.body)).not.toContain(first.body.id);
      expect(await storedCount()).toBe(before);
    });

    it('merges a local pull request and records the state change', async () => {
      const created = await request(app.server)
        .post('/api/certificates/requests')
        .set('Authorization', asUser('alice'))
        .send({ ...valid, subdomain: 'merge.team-a' });
      const merged = await request(app.server)
        .post(`/api/certificates/requests/${created.body.id}/merge`)
        .set('Authorization', asUser('alice'))
        .send({});
      expect(merged.status).toBe(200);
      expect(merged.body.state).toBe('merged');
      const again = await request(app.server)
        .post(`/api/certificates/requests/${created.body.id}/merge`)
        .set('Authorization', asUser('alice'))
        .send({});
      expect(again.status).toBe(409);
    });

    it('lets only members merge', async () => {
      const created = await request(app.server)
        .post('/api/certificates/requests')
        .set('Authorization', asUser('alice'))
        .send({ ...valid, subdomain: 'nomerge.team-a' });
      const res = await request(app.server)
        .post(`/api/certificates/requests/${created.body.id}/merge`)
        .set('Authorization', asUser('bob'))
        .send({});
      expect(res.status).toBe(403);
    });

    it('answers 404 for an unknown request and 400 for a malformed id', async () => {
      expect(
        (
          await request(app.server)
            .get(
              '/api/certificates/requests/00000000-0000-0000-0000-000000000000',
            )
            .set('Authorization', asUser('alice'))
        ).status,
      ).toBe(404);
      expect(
        (
          await request(app.server)
            .get('/api/certificates/requests/..%2f..')
            .set('Authorization', asUser('alice'))
        ).status,
      ).toBe(400);
    });

    it('filters requests by team and validates the filter', async () => {
      const res = await request(app.server)
        .get('/api/certificates/requests?team=team-b')
        .set('Authorization', asUser('alice'));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
      expect(
        (
          await request(app.server)
            .get('/api/certificates/requests?team=Team_B')
            .set('Authorization', asUser('alice'))
        ).status,
      ).toBe(400);
    });
  });
});
