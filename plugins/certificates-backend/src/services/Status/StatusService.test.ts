import { mockServices } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { GlobalFetchHttpLibrary } from './kubernetes';
import { createStatusService } from './StatusService';
import {
  addCertificate,
  addIssuedCertificate,
  clusterIssuer,
  cond,
  CR_ISSUED,
  event,
  FakeCluster,
  fakeStore,
  FakeVault,
  ISSUED,
  memoryCache,
  statusConfig,
  storedRequest,
  tenantApplication,
} from './__testUtils__/fakeUpstream';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse('2025-05-10T00:00:00Z');
const TEAM = 'team-a';

function setup(
  opts: {
    clusters?: FakeCluster[];
    vault?: FakeVault | null;
    requests?: ReturnType<typeof storedRequest>[];
    kubernetesAuth?: boolean;
  } = {},
) {
  const clusters = opts.clusters ?? [
    new FakeCluster('prod', 'https://prod.k8s.test:6443'),
  ];
  const vault = opts.vault === null ? undefined : opts.vault ?? new FakeVault();
  for (const c of clusters) server.use(...c.handlers());
  if (vault) server.use(...vault.handlers());
  const config = statusConfig({
    clusters: clusters.map(c => c.config),
    vault: vault
      ? {
          address: vault.address,
          kvMount: 'kv',
          ...(opts.kubernetesAuth
            ? {
                kubernetes: {
                  role: 'backstage-status',
                  mountPath: 'kubernetes',
                  jwtPath: '/var/run/secrets/token',
                },
              }
            : { token: 'root-token' }),
        }
      : undefined,
  });
  const store = fakeStore(opts.requests ?? []);
  const service = createStatusService({
    config,
    logger: mockServices.logger.mock(),
    cache: memoryCache(),
    store,
    httpApi: new GlobalFetchHttpLibrary(),
    readJwt: async () => 'jwt-of-backstage\n',
    now: () => NOW,
  });
  return { service, clusters, vault, store };
}

function healthyCluster(name = 'prod', url = 'https://prod.k8s.test:6443') {
  const cluster = new FakeCluster(name, url);
  cluster.add('clusterissuers', clusterIssuer('letsencrypt-prod'));
  cluster.add('applications', tenantApplication(TEAM));
  return cluster;
}

const states = (steps: Record<string, { state: string }>) =>
  Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v.state]));

describe('status lifecycle', () => {
  it('healthy: every step done, renewal scheduled, Vault current', async () => {
    const cluster = healthyCluster();
    addIssuedCertificate(cluster, TEAM, 'api', {
      challenges: [
        {
          dnsName: 'api.team-a.example.com',
          state: 'valid',
          reason: 'Successfully authorized domain',
          presented: false,
          processing: false,
        },
      ],
    });
    cluster.add(
      'events',
      event(
        TEAM,
        'Certificate',
        'api',
        'Issuing',
        'The certificate has been successfully issued',
      ),
    );
    const vault = new FakeVault().set('certs/team-a/api', {
      currentVersion: 1,
      updatedTime: '2025-05-01T10:05:00Z',
      customMetadata: { 'managed-by': 'external-secrets' },
    });
    const { service } = setup({
      clusters: [cluster],
      vault,
      requests: [storedRequest(TEAM, 'api')],
    });

    const result = await service.teamStatus(TEAM);
    expect(result.clusters).toEqual([{ name: 'prod', ok: true }]);
    const [item] = result.items;
    expect(item.source).toBe('both');
    expect(item.cluster).toBe('prod');
    expect(states(item.steps)).toEqual({
      requested: 'done',
      pullRequest: 'done',
      synced: 'done',
      acme: 'done',
      issued: 'done',
      vault: 'done',
      renewal: 'done',
    });
    expect(item.state).toBe('done');
    expect(item.failure).toBeUndefined();
    expect(item.steps.issued.issued).toEqual({
      ready: true,
      notBefore: '2025-05-01T09:00:00Z',
      notAfter: '2025-07-30T09:00:00Z',
      renewalTime: '2025-06-30T09:00:00Z',
      revision: 1,
    });
    expect(item.steps.vault.vault).toMatchObject({
      path: 'kv/certs/team-a/api',
      currentVersion: 1,
      updatedTime: '2025-05-01T10:05:00Z',
      stale: false,
      pushSecretReady: true,
      customMetadata: { 'managed-by': 'external-secrets' },
    });
    expect(item.steps.renewal.time).toBe('2025-06-30T09:00:00Z');
    expect(item.steps.synced.sync).toMatchObject({
      application: 'tenant-team-a',
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });

    const details = await service.certificateStatus(TEAM, 'api');
    expect(
      details!.details.certificateRequests.map(cr => cr.metadata.name),
    ).toEqual(['api-1']);
    expect(details!.details.order!.metadata.name).toBe('api-1-2845679313');
    expect(details!.details.challenges).toHaveLength(1);
    expect(details!.details.events.map(e => e.reason)).toEqual(['Issuing']);
    // trimmed: no managed fields, no CSR
    expect(JSON.stringify(details)).not.toContain('managedFields');
    expect(JSON.stringify(details)).not.toContain('LS0tLS1CRUdJTi');
  });

  it('DNS-01 challenge pending: propagation check failing while presented', async () => {
    const cluster = healthyCluster();
    const reason =
      'Waiting for DNS-01 challenge propagation: DNS record for "api.team-a.example.com" not yet propagated';
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      certificateStatus: {
        conditions: [
          cond(
            'Ready',
            'False',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
          cond(
            'Issuing',
            'True',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
        ],
      },
      certificateRequest: {
        ready: cond(
          'Ready',
          'False',
          'Pending',
          'Waiting on certificate issuance from order team-a/api-1-2845679313: "pending"',
        ),
      },
      order: { state: 'pending' },
      challenges: [
        {
          dnsName: 'api.team-a.example.com',
          state: 'pending',
          reason,
          presented: true,
          processing: true,
        },
      ],
    });
    const { service } = setup({
      clusters: [cluster],
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(states(item.steps)).toMatchObject({
      synced: 'done',
      acme: 'in-progress',
      issued: 'in-progress',
      vault: 'pending',
      renewal: 'pending',
    });
    expect(item.state).toBe('in-progress');
    expect(item.steps.acme.reason).toEqual({
      source: 'Challenge team-a/api-1-2845679313-1000 status.reason',
      reason: 'pending',
      message: reason,
    });
    expect(item.steps.acme.acme!.challenges).toEqual([
      {
        name: 'api-1-2845679313-1000',
        type: 'DNS-01',
        dnsName: 'api.team-a.example.com',
        wildcard: false,
        state: 'pending',
        reason,
        presented: true,
        processing: true,
      },
    ]);
    expect(item.steps.acme.acme!.orderState).toBe('pending');
  });

  it('DNS-01 challenge stuck before the first issuance: the PushSecret without its Secret waits', async () => {
    const cluster = healthyCluster();
    const reason =
      'while attempting to find Zones for domain _acme-challenge.api.team-a.example.com.\nwhile querying the Cloudflare API for GET "/zones?name=api.team-a.example.com"\n\t Error: 9109: Invalid access token';
    const issuing = 'Issuing certificate as Secret does not exist';
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      certificateStatus: {
        conditions: [
          cond('Ready', 'False', 'DoesNotExist', issuing),
          cond('Issuing', 'True', 'DoesNotExist', issuing),
        ],
      },
      certificateRequest: {
        ready: cond(
          'Ready',
          'False',
          'Pending',
          'Waiting on certificate issuance from order team-a/api-1-2845679313: "pending"',
        ),
      },
      order: { state: 'pending' },
      challenges: [
        {
          dnsName: 'api.team-a.example.com',
          state: 'pending',
          reason,
          presented: false,
          processing: true,
        },
      ],
      // What ESO reports while the Secret it pushes does not exist yet.
      pushSecret: {
        ready: cond('Ready', 'False', 'Errored', 'could not get source secret'),
      },
    });
    const { service } = setup({
      clusters: [cluster],
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(states(item.steps)).toMatchObject({
      acme: 'in-progress',
      issued: 'in-progress',
      vault: 'pending',
    });
    expect(item.failure).toBeUndefined();
    expect(item.steps.acme.reason?.message).toBe(reason);
  });

  it('order failed: ACME 403 unauthorized from the challenge', async () => {
    const cluster = healthyCluster();
    const challengeReason =
      'Error accepting authorization: acme: authorization error for api.team-a.example.com: 403 urn:ietf:params:acme:error:unauthorized: Incorrect TXT record "Xy1..." found at _acme-challenge.api.team-a.example.com';
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      certificateStatus: {
        conditions: [
          cond(
            'Ready',
            'False',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
          cond(
            'Issuing',
            'False',
            'Failed',
            'The certificate request has failed to complete and will be retried: Failed to wait for order resource "api-1-2845679313" to become ready: order is in "invalid" state: ',
          ),
        ],
        failedIssuanceAttempts: 1,
        lastFailureTime: '2025-05-01T10:03:00Z',
      },
      certificateRequest: {
        ready: cond(
          'Ready',
          'False',
          'Failed',
          'Failed to wait for order resource "api-1-2845679313" to become ready: order is in "invalid" state: ',
        ),
      },
      order: { state: 'invalid', failureTime: '2025-05-01T10:02:00Z' },
      challenges: [
        {
          dnsName: 'api.team-a.example.com',
          state: 'invalid',
          reason: challengeReason,
          presented: false,
          processing: false,
        },
      ],
    });
    const { service } = setup({
      clusters: [cluster],
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.state).toBe('failed');
    expect(item.failure!.step).toBe('acme');
    expect(item.failure!.reason).toEqual({
      source: 'Challenge team-a/api-1-2845679313-1000 status.reason',
      reason: 'invalid',
      message: challengeReason,
    });
    expect(item.steps.acme.time).toBe('2025-05-01T10:02:00Z');
    expect(item.steps.issued.state).toBe('failed');
    expect(item.steps.issued.reason!.message).toBe(
      'The certificate request has failed to complete and will be retried: Failed to wait for order resource "api-1-2845679313" to become ready: order is in "invalid" state: ',
    );
  });

  it('order errored: rate limited 429 urn:ietf:params:acme:error:rateLimited', async () => {
    const cluster = healthyCluster();
    const orderReason =
      'Failed to create Order: 429 urn:ietf:params:acme:error:rateLimited: Error creating new order :: too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s, retry after 2025-05-02 10:00:00 UTC: see https://letsencrypt.org/docs/rate-limits/#new-certificates-per-exact-set-of-hostnames';
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      certificateStatus: {
        conditions: [
          cond(
            'Ready',
            'False',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
          cond(
            'Issuing',
            'True',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
        ],
      },
      certificateRequest: {
        ready: cond(
          'Ready',
          'False',
          'Failed',
          `Failed to wait for order resource "api-1-2845679313" to become ready: order is in "errored" state: ${orderReason}`,
        ),
      },
      order: {
        state: 'errored',
        reason: orderReason,
        failureTime: '2025-05-01T10:00:10Z',
      },
      challenges: [],
    });
    const { service } = setup({
      clusters: [cluster],
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.failure!.step).toBe('acme');
    expect(item.failure!.reason).toEqual({
      source: 'Order team-a/api-1-2845679313 status.reason',
      reason: 'errored',
      message: orderReason,
    });
    expect(item.steps.acme.acme!.orderReason).toBe(orderReason);
  });

  it('issuer not ready: ClusterIssuer Ready condition is the reason', async () => {
    const cluster = new FakeCluster('prod', 'https://prod.k8s.test:6443');
    cluster.add('applications', tenantApplication(TEAM));
    const message =
      'Failed to register ACME account: 400 urn:ietf:params:acme:error:invalidContact: Error creating new account :: contact email has forbidden domain "example.com"';
    cluster.add(
      'clusterissuers',
      clusterIssuer(
        'letsencrypt-prod',
        cond('Ready', 'False', 'ErrRegisterACMEAccount', message),
      ),
    );
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      certificateStatus: {
        conditions: [
          cond(
            'Ready',
            'False',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
          cond(
            'Issuing',
            'True',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
        ],
      },
      certificateRequest: {
        ready: cond(
          'Ready',
          'False',
          'Pending',
          'Referenced issuer does not have a Ready status condition',
        ),
      },
      order: null,
    });
    const { service } = setup({
      clusters: [cluster],
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.failure!.step).toBe('acme');
    expect(item.failure!.reason).toEqual({
      source: 'ClusterIssuer letsencrypt-prod condition Ready',
      reason: 'ErrRegisterACMEAccount',
      message,
    });
    expect(item.steps.acme.acme!.issuerReady).toBe(false);
  });

  it('PushSecret errored: the ESO condition message is the reason', async () => {
    const cluster = healthyCluster();
    const message =
      'set secret failed: could not write remote ref tls.crt to target secretstore vault: Error making API request.\n\nURL: PUT http://vault.vault.svc:8200/v1/kv/data/certs/team-a/api\nCode: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n';
    addIssuedCertificate(cluster, TEAM, 'api', {
      pushSecret: {
        ready: cond(
          'Ready',
          'False',
          'Errored',
          message,
          '2025-05-01T10:06:00Z',
        ),
      },
    });
    const { service } = setup({
      clusters: [cluster],
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(states(item.steps)).toMatchObject({
      issued: 'done',
      vault: 'failed',
      renewal: 'done',
    });
    expect(item.failure).toEqual({
      step: 'vault',
      message: `Errored: ${message}`,
      reason: {
        source: 'PushSecret team-a/api condition Ready',
        reason: 'Errored',
        message,
      },
    });
  });

  it('Vault stale after a renewal: flags PushSecret lag', async () => {
    const cluster = healthyCluster();
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      revision: 2,
      certificateStatus: { ...ISSUED, revision: 2 },
      certificateRequest: {
        ready: CR_ISSUED,
        revision: 2,
        createdAt: '2025-05-01T10:00:00Z',
      },
      order: { state: 'valid' },
    });
    const vault = new FakeVault().set('certs/team-a/api', {
      currentVersion: 1,
      updatedTime: '2025-02-01T09:05:00Z',
    });
    const { service } = setup({
      clusters: [cluster],
      vault,
      requests: [storedRequest(TEAM, 'api')],
      kubernetesAuth: true,
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.steps.vault.state).toBe('failed');
    expect(item.steps.vault.vault).toMatchObject({
      stale: true,
      currentVersion: 1,
      updatedTime: '2025-02-01T09:05:00Z',
      lastIssuance: '2025-05-01T10:00:00.000Z',
    });
    expect(item.failure!.reason!.message).toBe(
      'Vault kv/certs/team-a/api version 1 written 2025-02-01T09:05:00Z is older than the certificate issued 2025-05-01T10:00:00.000Z (PushSecret lag)',
    );
    // Kubernetes auth: one login, then metadata reads with the token.
    expect(vault.calls).toEqual([
      'POST /v1/auth/kubernetes/login',
      'GET /v1/kv/metadata/certs/team-a/api',
    ]);
  });

  it('expired: Ready False reason Expired', async () => {
    const cluster = healthyCluster();
    addCertificate(cluster, {
      team: TEAM,
      name: 'api',
      certificateStatus: {
        conditions: [
          cond(
            'Ready',
            'False',
            'Expired',
            'Certificate expired on Sun, 04 May 2025 09:00:00 UTC',
            '2025-05-04T09:00:00Z',
          ),
        ],
        notBefore: '2025-02-03T09:00:00Z',
        notAfter: '2025-05-04T09:00:00Z',
        renewalTime: '2025-04-04T09:00:00Z',
        revision: 1,
      },
      certificateRequest: {
        ready: CR_ISSUED,
        revision: 1,
        createdAt: '2025-02-03T10:00:00Z',
      },
      order: { state: 'valid' },
    });
    const vault = new FakeVault().set('certs/team-a/api', {
      currentVersion: 1,
      updatedTime: '2025-02-03T10:05:00Z',
    });
    const { service } = setup({
      clusters: [cluster],
      vault,
      requests: [storedRequest(TEAM, 'api')],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.failure!.step).toBe('issued');
    expect(item.failure!.reason).toEqual({
      source: 'Certificate team-a/api condition Ready',
      reason: 'Expired',
      message: 'Certificate expired on Sun, 04 May 2025 09:00:00 UTC',
    });
  });

  it('a merged decommission: the Certificate gone from the cluster is the sync done, not awaited', async () => {
    const { service } = setup({
      clusters: [healthyCluster()],
      requests: [storedRequest(TEAM, 'api', { operation: 'decommission' })],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.decommission).toBe('decommissioned');
    expect(item.steps.synced).toMatchObject({
      state: 'done',
      message:
        'Argo CD Application tenant-team-a removed the Certificate (decommissioned)',
    });
  });

  it('one cluster unreachable: the other cluster is still shown, the error reported', async () => {
    const good = healthyCluster('prod', 'https://prod.k8s.test:6443');
    addIssuedCertificate(good, TEAM, 'api');
    const bad = healthyCluster('edge', 'https://edge.k8s.test:6443');
    bad.down = true;
    const vault = new FakeVault().set('certs/team-a/api', {
      currentVersion: 1,
      updatedTime: '2025-05-01T10:05:00Z',
    });
    const { service } = setup({
      clusters: [bad, good],
      vault,
      requests: [storedRequest(TEAM, 'api'), storedRequest(TEAM, 'web')],
    });
    const result = await service.teamStatus(TEAM);
    expect(result.clusters[0]).toMatchObject({ name: 'edge', ok: false });
    expect(result.clusters[0].error).toMatch(
      /^cluster edge: listing Certificates in namespace team-a failed: /,
    );
    expect(result.clusters[1]).toEqual({ name: 'prod', ok: true });
    const api = result.items.find(i => i.certificateName === 'api')!;
    expect(api.cluster).toBe('prod');
    expect(api.state).toBe('done');
    const web = result.items.find(i => i.certificateName === 'web')!;
    expect(states(web.steps)).toMatchObject({
      requested: 'done',
      pullRequest: 'done',
      synced: 'unknown',
      acme: 'unknown',
      issued: 'unknown',
    });
    expect(web.steps.synced.message).toMatch(
      /^Cluster state unavailable: cluster edge: /,
    );
  });

  it('a pull request not merged yet: no cluster objects, later steps pending', async () => {
    const cluster = healthyCluster();
    const { service } = setup({
      clusters: [cluster],
      requests: [
        storedRequest(TEAM, 'new', {
          state: 'pr-open',
          createdAt: '2025-05-09T12:00:00.000Z',
          pullRequest: {
            url: 'https://github.com/acme/platform-gitops/pull/31',
            number: 31,
            branch: 'b',
            state: 'open',
          },
        }),
      ],
    });
    const [item] = (await service.teamStatus(TEAM)).items;
    expect(item.source).toBe('request');
    expect(states(item.steps)).toEqual({
      requested: 'done',
      pullRequest: 'in-progress',
      synced: 'pending',
      acme: 'pending',
      issued: 'pending',
      vault: 'pending',
      renewal: 'pending',
    });
    expect(item.steps.pullRequest.message).toBe(
      'Pull request #31 open, waiting for review and merge',
    );
    expect(item.steps.pullRequest.pullRequest).toEqual({
      number: 31,
      url: 'https://github.com/acme/platform-gitops/pull/31',
      state: 'open',
    });
    expect(item.state).toBe('in-progress');
  });

  it('without clusters only the request and pull request steps are known', async () => {
    const { service } = setup({
      clusters: [],
      vault: null,
      requests: [storedRequest(TEAM, 'api')],
    });
    const result = await service.teamStatus(TEAM);
    expect(result.clusters).toEqual([]);
    expect(states(result.items[0].steps)).toMatchObject({
      requested: 'done',
      pullRequest: 'done',
      synced: 'unknown',
    });
    expect(result.items[0].steps.synced.message).toBe(
      'No clusters configured for status',
    );
  });

  it('caches per team: warm reads and 20 concurrent viewers cost one upstream read', async () => {
    const cluster = healthyCluster();
    addIssuedCertificate(cluster, TEAM, 'api');
    cluster.latencyMs = 20;
    const vault = new FakeVault().set('certs/team-a/api', {
      currentVersion: 1,
      updatedTime: '2025-05-01T10:05:00Z',
    });
    const { service } = setup({
      clusters: [cluster],
      vault,
      requests: [storedRequest(TEAM, 'api')],
    });
    await Promise.all(
      Array.from({ length: 20 }, () => service.teamStatus(TEAM)),
    );
    // 7 team reads (6 lists + Application) + 1 ClusterIssuer list
    expect(cluster.calls).toHaveLength(8);
    expect(vault.calls).toHaveLength(1);
    await service.teamStatus(TEAM);
    await service.certificateStatus(TEAM, 'api');
    expect(cluster.calls).toHaveLength(8);
    expect(await service.cachedClusters(TEAM)).toEqual({ api: 'prod' });
  });

  it('a forbidden kind is a warning, not a cluster failure', async () => {
    const cluster = healthyCluster();
    cluster.forbidden.add('events');
    addIssuedCertificate(cluster, TEAM, 'api');
    const { service } = setup({
      clusters: [cluster],
      vault: null,
      requests: [],
    });
    const result = await service.teamStatus(TEAM);
    expect(result.clusters[0].ok).toBe(true);
    expect(result.clusters[0].warnings).toEqual([
      'events: HTTP 403: events is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "events"',
    ]);
    expect(result.items[0].source).toBe('cluster');
    expect(result.items[0].steps.requested.state).toBe('unknown');
  });
});
