import { X509Certificate } from 'node:crypto';
import { SimulatorClock } from './clock';
import { SYNC_ERROR } from './controllers/argocd';
import { createPlatformSimulator, PlatformSimulator } from './simulator';
import { TestGitopsRepo } from './testing/gitopsRepo';

const TOKEN = 'test-token';
const VAULT_TOKEN = 'vault-token';

describe('platform simulator: the life of a certificate', () => {
  let repo: TestGitopsRepo;
  let sim: PlatformSimulator;
  const kube = (path: string, init: RequestInit = {}) =>
    fetch(`${sim.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, ...init.headers },
    });
  const vaultMeta = (key: string) =>
    fetch(`${sim.url}/v1/kv/metadata/${key}`, {
      headers: { 'x-vault-token': VAULT_TOKEN },
    });
  const advance = async (seconds: number) => {
    sim.clock.advance(seconds * 1000);
    await sim.step();
  };

  beforeEach(async () => {
    repo = new TestGitopsRepo();
    sim = await createPlatformSimulator(
      {
        gitopsPath: repo.dir,
        clusterTokens: [TOKEN],
        vaultToken: VAULT_TOKEN,
        issuers: [
          {
            name: 'letsencrypt-prod',
            server: 'https://acme-v02.api.letsencrypt.org/directory',
          },
        ],
        zones: [{ domain: 'example.com', provider: 'cloudflare' }],
        clock: new SimulatorClock({
          start: Date.parse('2026-01-01T00:00:00Z'),
          rate: 0,
        }),
      },
      false,
    );
  });

  afterEach(async () => {
    await sim.close();
    repo.cleanup();
  });

  it('syncs a merged Certificate, solves DNS-01, issues real X.509 and pushes it to Vault', async () => {
    const [name] = repo.addCertificates(['api']);
    await sim.step();
    const app = sim.store.get('applications', 'argocd', 'tenant-team-a')!;
    expect(app.status?.sync.status).toBe('Synced');
    expect(app.status?.resources.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['Certificate', 'PushSecret', 'Namespace']),
    );
    const issuing = sim.store.get('certificates', 'team-a', name)!;
    expect(issuing.status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Issuing',
          status: 'True',
          reason: 'DoesNotExist',
        }),
      ]),
    );
    const challenges = sim.store.list('challenges', 'team-a');
    expect(challenges).toHaveLength(1);
    expect(challenges[0].spec?.type).toBe('DNS-01');
    expect(sim.store.list('orders', 'team-a')[0].status?.state).toBe('pending');

    await advance(2);
    expect(sim.store.list('challenges', 'team-a')[0].status?.presented).toBe(
      true,
    );
    await advance(3);
    const cert = sim.store.get('certificates', 'team-a', name)!;
    expect(cert.status?.conditions).toEqual([
      expect.objectContaining({
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
      }),
    ]);
    expect(cert.status?.revision).toBe(1);
    expect(sim.store.list('challenges', 'team-a')).toHaveLength(0);
    expect(sim.store.list('orders', 'team-a')[0].status?.state).toBe('valid');

    // The Secret holds a real certificate whose dates are the status's.
    const secret = sim.store.get('secrets', 'team-a', cert.spec?.secretName)!;
    const x509 = new X509Certificate(
      Buffer.from((secret.data as Record<string, string>)['tls.crt'], 'base64'),
    );
    expect(new Date(x509.validTo).toISOString().replace('.000', '')).toBe(
      cert.status?.notAfter,
    );
    expect(
      Date.parse(cert.status?.notAfter) - Date.parse(cert.status?.notBefore),
    ).toBe(2160 * 3_600_000);
    expect(
      Date.parse(cert.status?.notAfter) - Date.parse(cert.status?.renewalTime),
    ).toBe(720 * 3_600_000);
    expect(x509.subjectAltName).toContain('DNS:api.shop.example.com');

    const meta = await (await vaultMeta(`certs/team-a/${name}`)).json();
    expect(meta.data.current_version).toBe(1);
    const ps = sim.store.get('pushsecrets', 'team-a', name)!;
    expect(ps.status?.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
      reason: 'Synced',
    });
  });

  it('renews now through the status subresource, renews on time, and decommissions', async () => {
    const [name] = repo.addCertificates(['api']);
    await sim.step();
    await advance(5);
    const cert = sim.store.get('certificates', 'team-a', name)!;
    const stale = await kube(
      `/apis/cert-manager.io/v1/namespaces/team-a/certificates/${name}/status`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: { resourceVersion: '1' },
          status: {},
        }),
      },
    );
    expect(stale.status).toBe(409);
    const patched = await kube(
      `/apis/cert-manager.io/v1/namespaces/team-a/certificates/${name}/status`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({
          metadata: { resourceVersion: cert.metadata.resourceVersion },
          status: {
            conditions: [
              ...cert.status!.conditions,
              {
                type: 'Issuing',
                status: 'True',
                reason: 'ManuallyTriggered',
                message: 'Certificate re-issuance manually triggered',
              },
            ],
          },
        }),
      },
    );
    expect(patched.status).toBe(200);
    await sim.step();
    await advance(5);
    expect(
      sim.store.get('certificaterequests', 'team-a', `${name}-2`),
    ).toBeDefined();
    expect(
      sim.store.get('certificates', 'team-a', name)!.status?.revision,
    ).toBe(2);
    expect(
      (await (await vaultMeta(`certs/team-a/${name}`)).json()).data
        .current_version,
    ).toBe(2);

    // 60 days later (renewBefore 720h of 2160h) cert-manager renews by itself.
    await advance(60 * 86_400 + 10);
    await advance(5);
    expect(
      sim.store.get('certificates', 'team-a', name)!.status?.revision,
    ).toBe(3);

    repo.removeCertificate(name);
    await sim.step();
    expect(sim.store.list('certificates', 'team-a')).toHaveLength(0);
    expect(sim.store.list('certificaterequests', 'team-a')).toHaveLength(0);
    expect(
      sim.store.get('applications', 'argocd', 'tenant-team-a'),
    ).toBeUndefined();
    expect((await vaultMeta(`certs/team-a/${name}`)).status).toBe(404);
  });

  it("shows scripted faults with the real controllers' reasons and metrics", async () => {
    const [stuck, failing] = repo.addCertificates(['stuck', 'failing']);
    sim.faults.add({ kind: 'challenge-stuck', target: stuck });
    sim.faults.add({ kind: 'pushsecret-failing', target: failing });
    await sim.step();
    await advance(10);
    const challenge = sim.store.list('challenges', 'team-a')[0];
    expect(challenge.status).toMatchObject({
      state: 'pending',
      presented: false,
    });
    expect(challenge.status?.reason).toContain(
      'Error: 9109: Invalid access token',
    );
    expect(
      sim.store.get('pushsecrets', 'team-a', failing)!.status?.conditions[0],
    ).toMatchObject({
      status: 'False',
      reason: 'Errored',
    });
    sim.faults.add({ kind: 'issuer-not-ready', target: 'letsencrypt-prod' });
    await sim.step();
    const metrics = sim.metrics();
    expect(metrics).toContain(
      'certmanager_clusterissuer_ready_status{name="letsencrypt-prod",condition="False"} 1',
    );
    expect(metrics).toContain(
      `pushsecret_status_condition{name="${failing}",namespace="team-a",condition="Ready",status="False"} 1`,
    );
    expect(metrics).toMatch(
      new RegExp(
        `certmanager_certificate_expiration_timestamp_seconds\\{name="${failing}",[^}]*\\} [1-9]`,
      ),
    );
  });
});

describe('platform simulator: Argo CD and Vault faults', () => {
  let repo: TestGitopsRepo;
  let sim: PlatformSimulator;
  beforeEach(async () => {
    repo = new TestGitopsRepo();
    sim = await createPlatformSimulator(
      {
        gitopsPath: repo.dir,
        clusterTokens: [TOKEN],
        vaultToken: VAULT_TOKEN,
        issuers: [
          {
            name: 'letsencrypt-prod',
            server: 'https://acme-v02.api.letsencrypt.org/directory',
          },
        ],
        clock: new SimulatorClock({ rate: 0 }),
      },
      false,
    );
  });
  afterEach(async () => {
    await sim.close();
    repo.cleanup();
  });

  it('holds a Certificate back while Argo CD is out of sync, and applies it once the fault is gone', async () => {
    const [name] = repo.addCertificates(['held']);
    sim.faults.add({ kind: 'argocd-out-of-sync', target: `team-a/${name}` });
    await sim.step();
    expect(sim.store.get('certificates', 'team-a', name)).toBeUndefined();
    const app = sim.store.get('applications', 'argocd', 'tenant-team-a')!;
    expect(app.status?.sync.status).toBe('OutOfSync');
    expect(app.status?.operationState).toMatchObject({
      phase: 'Failed',
      message: SYNC_ERROR,
    });
    expect(
      app.status?.resources.find(
        (r: { kind: string }) => r.kind === 'Certificate',
      ).status,
    ).toBe('OutOfSync');
    sim.faults.clear();
    await sim.step();
    expect(sim.store.get('certificates', 'team-a', name)).toBeDefined();
    expect(
      sim.store.get('applications', 'argocd', 'tenant-team-a')!.status
        ?.operationState.phase,
    ).toBe('Succeeded');
  });

  it('keeps the old Vault version after a renewal when the copy goes stale, the PushSecret still Synced', async () => {
    const [name] = repo.addCertificates(['stale']);
    await sim.step();
    sim.clock.advance(5_000);
    await sim.step();
    sim.faults.add({ kind: 'vault-stale', target: name });
    sim.clock.advance(61 * 86_400_000);
    await sim.step();
    sim.clock.advance(5_000);
    await sim.step();
    expect(
      sim.store.get('certificates', 'team-a', name)!.status?.revision,
    ).toBe(2);
    expect(sim.vault.get(`certs/team-a/${name}`)?.current_version).toBe(1);
    expect(
      sim.store.get('pushsecrets', 'team-a', name)!.status?.conditions[0]
        .reason,
    ).toBe('Synced');
  });

  it('waits with new requests while the issuer is not ready', async () => {
    sim.faults.add({ kind: 'issuer-not-ready', target: 'letsencrypt-prod' });
    const [name] = repo.addCertificates(['waiting']);
    await sim.step();
    sim.clock.advance(60_000);
    await sim.step();
    expect(sim.store.list('orders', 'team-a')).toEqual([]);
    expect(
      sim.store.get('certificaterequests', 'team-a', `${name}-1`)!.status
        ?.conditions[1],
    ).toMatchObject({
      type: 'Ready',
      status: 'False',
      message: 'Referenced issuer does not have a Ready status condition',
    });
    sim.faults.clear();
    await sim.step();
    sim.clock.advance(5_000);
    await sim.step();
    expect(
      sim.store.get('certificates', 'team-a', name)!.status?.revision,
    ).toBe(1);
  });
});

describe('platform simulator: the Kubernetes API', () => {
  let repo: TestGitopsRepo;
  let sim: PlatformSimulator;

  beforeAll(async () => {
    repo = new TestGitopsRepo();
    repo.addCertificates(['a', 'b', 'c']);
    sim = await createPlatformSimulator(
      { gitopsPath: repo.dir, clusterTokens: [TOKEN], vaultToken: VAULT_TOKEN },
      false,
    );
    await sim.step();
  });
  afterAll(async () => {
    await sim.close();
    repo.cleanup();
  });
  const get = (path: string, token = TOKEN) =>
    fetch(`${sim.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('answers 401 with a Status without the service account token', async () => {
    const res = await get('/apis/cert-manager.io/v1/certificates', 'wrong');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it("pages with limit and continue, keeping the first page's resourceVersion", async () => {
    const first = await (
      await get(
        '/apis/cert-manager.io/v1/certificates?limit=2&labelSelector=certificates.backstage.io%2Fteam',
      )
    ).json();
    expect(first.kind).toBe('CertificateList');
    expect(first.items).toHaveLength(2);
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = await (
      await get(
        `/apis/cert-manager.io/v1/certificates?limit=2&continue=${first.metadata.continue}`,
      )
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.metadata.continue).toBeUndefined();
    expect(second.metadata.resourceVersion).toBe(
      first.metadata.resourceVersion,
    );
    const none = await (
      await get(
        '/apis/cert-manager.io/v1/namespaces/team-a/certificates?labelSelector=certificates.backstage.io%2Fteam%3Dteam-b',
      )
    ).json();
    expect(none.items).toEqual([]);
  });

  it('serves discovery for every group it serves, status subresources included', async () => {
    const groups = await (await get('/apis')).json();
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining([
        'cert-manager.io',
        'acme.cert-manager.io',
        'external-secrets.io',
        'argoproj.io',
      ]),
    );
    const resources = await (await get('/apis/cert-manager.io/v1')).json();
    expect(resources.kind).toBe('APIResourceList');
    expect(resources.resources.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining([
        'certificates',
        'certificates/status',
        'certificaterequests',
        'clusterissuers',
      ]),
    );
    expect((await get('/apis/cert-manager.io/v2')).status).toBe(404);
  });

  it('answers a missing object with a NotFound Status naming it', async () => {
    const res = await get(
      '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/tenant-team-x',
    );
    expect(res.status).toBe(404);
    expect((await res.json()).message).toBe(
      'applications.argoproj.io "tenant-team-x" not found',
    );
  });
});
