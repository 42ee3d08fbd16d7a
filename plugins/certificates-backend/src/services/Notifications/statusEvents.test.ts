import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import { setupServer } from 'msw/node';
import { testCertificatesConfig } from '../../__testUtils__/testBackend';
import { createStatusService, GlobalFetchHttpLibrary } from '../Status';
import {
  addCertificate,
  addIssuedCertificate,
  clusterIssuer,
  cond,
  CR_ISSUED,
  FakeCluster,
  fakeStore,
  FakeVault,
  ISSUED,
  memoryCache,
  statusConfig,
  storedRequest,
  tenantApplication,
} from '../Status/__testUtils__/fakeUpstream';
import { createCertificateNotifier } from './createCertificateNotifier';

/**
 * Events from what the status service really reads: Certificates,
 * CertificateRequests, Orders, Challenges on a (fake) cluster and Vault
 * metadata, shaped like the real APIs.
 */
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const platform = createPlatformModel(testCertificatesConfig('/tmp/unused'));
const STATUS_NOW = Date.parse('2025-05-10T00:00:00Z');
const TEAM = 'team-a';
const ACME_REASON =
  'Error accepting authorization: acme: authorization error for web.team-a.example.com: 403 urn:ietf:params:acme:error:unauthorized: Incorrect TXT record "Xy1..." found at _acme-challenge.web.team-a.example.com';

function cluster() {
  const c = new FakeCluster('prod', 'https://prod.k8s.test:6443');
  c.add('clusterissuers', clusterIssuer('letsencrypt-prod'));
  c.add('applications', tenantApplication(TEAM));
  // Issued, Vault current.
  addIssuedCertificate(c, TEAM, 'api');
  // Renewed, but Vault still holds the copy from before.
  addCertificate(c, {
    team: TEAM,
    name: 'db',
    revision: 2,
    certificateStatus: { ...ISSUED, revision: 2 },
    certificateRequest: {
      ready: CR_ISSUED,
      revision: 2,
      createdAt: '2025-05-01T10:00:00Z',
    },
    order: { state: 'valid' },
  });
  // The ACME server refused the DNS-01 challenge.
  addCertificate(c, {
    team: TEAM,
    name: 'web',
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
          'The certificate request has failed to complete and will be retried',
        ),
      ],
      failedIssuanceAttempts: 1,
      lastFailureTime: '2025-05-01T10:03:00Z',
    },
    certificateRequest: {
      ready: cond('Ready', 'False', 'Failed', 'order is in "invalid" state'),
    },
    order: { state: 'invalid', failureTime: '2025-05-01T10:02:00Z' },
    challenges: [
      {
        dnsName: 'web.team-a.example.com',
        state: 'invalid',
        reason: ACME_REASON,
        presented: false,
        processing: false,
      },
    ],
  });
  return c;
}

describe('notifications from the status service', () => {
  it('ready, failing to issue with the challenge reason, Vault stale: once each, to the requester and the team', async () => {
    const fakeCluster = cluster();
    const vault = new FakeVault()
      .set('certs/team-a/api', {
        currentVersion: 1,
        updatedTime: '2025-05-01T10:05:00Z',
      })
      .set('certs/team-a/db', {
        currentVersion: 1,
        updatedTime: '2025-02-01T09:05:00Z',
      });
    server.use(...fakeCluster.handlers(), ...vault.handlers());
    const requests = ['api', 'db', 'web'].map(name =>
      storedRequest(TEAM, name),
    );
    const store = fakeStore(requests);
    const status = createStatusService({
      config: statusConfig({
        clusters: [fakeCluster.config],
        vault: vault.config,
      }),
      logger: mockServices.logger.mock(),
      cache: memoryCache(),
      store,
      httpApi: new GlobalFetchHttpLibrary(),
      now: () => STATUS_NOW,
    });
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    const sent: NotificationSendOptions[] = [];
    const notifier = () =>
      createCertificateNotifier({
        db: knex,
        notifications: { send: async o => void sent.push(o) },
        store: { get: async () => undefined }, // request events are tested elsewhere
        status,
        platform: {
          ...platform,
          teamNames: () => [TEAM],
        },
        logger: mockServices.logger.mock(),
        config: { maxEventAgeHours: 24 * 30 },
        window: { renewBeforeMs: 30 * 86400000, marginMs: 2 * 86400000 },
        now: () => new Date(STATUS_NOW),
      });

    await notifier().run();
    await notifier().run();

    const byTitle = Object.fromEntries(sent.map(s => [s.payload.title, s]));
    expect(Object.keys(byTitle).sort()).toEqual([
      'Certificate api.team-a.example.com is ready',
      'Certificate db.team-a.example.com is ready',
      'Certificate web.team-a.example.com fails to issue (acme)',
      "Vault's copy of db.team-a.example.com is stale",
    ]);
    expect(
      byTitle['Certificate web.team-a.example.com fails to issue (acme)']
        .payload.description,
    ).toBe(
      `Challenge team-a/web-1-2845679313-1000 status.reason: ${ACME_REASON}`,
    );
    expect(
      byTitle["Vault's copy of db.team-a.example.com is stale"].payload
        .description,
    ).toBe(
      'Vault kv/certs/team-a/db version 1 written 2025-02-01T09:05:00Z is older than the certificate issued 2025-05-01T10:00:00.000Z (PushSecret lag)',
    );
    for (const s of sent)
      expect(s.recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/team-a', 'user:default/alice'],
      });
  });
});
