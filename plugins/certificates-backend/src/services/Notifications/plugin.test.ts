import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import request from 'supertest';
import {
  asUser,
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from '../../__testUtils__/testBackend';

/** The plugin as installed: the request API changes a record, the scheduled watcher notifies. */
describe('certificates plugin notifications', () => {
  let app: CertificatesTestBackend;
  const sent: NotificationSendOptions[] = [];
  const signals: SignalPayload[] = [];
  const tasks = new Map<string, () => Promise<unknown>>();

  beforeAll(async () => {
    app = await startCertificatesTestBackend({
      features: [
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            async send(options: NotificationSendOptions) {
              sent.push(options);
            },
          }),
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            async publish(signal) {
              signals.push(signal as SignalPayload);
            },
          }),
        }),
        // Tasks run when the test says so.
        mockServices.scheduler.mock({
          async scheduleTask(task) {
            tasks.set(task.id, task.fn as () => Promise<unknown>);
          },
        }).factory,
      ],
    });
  });
  afterAll(() => app.backend.stop());

  it('schedules the watcher, which tells the requester and the team about the pull request once', async () => {
    const notify = tasks.get('certificates-notify');
    expect(notify).toBeDefined();
    const created = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('alice'))
      .send({
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'api.team-a',
        issuer: 'letsencrypt-staging',
      });
    expect(created.status).toBe(201);
    // Signalled at once by the store, before the watcher runs.
    await new Promise(resolve => setImmediate(resolve));
    expect(signals.map(s => s.message)).toContainEqual({
      team: 'team-a',
      requestId: created.body.id,
      state: 'pr-open',
    });
    await notify!();
    await notify!();
    expect(sent.map(s => s.payload.title)).toEqual([
      'Pull request opened for team-a/api-team--a-example-com',
    ]);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/team-a', 'user:default/alice'],
    });
    expect(signals.map(s => s.channel)).toContain('certificates:team-a');

    const merged = await request(app.server)
      .post(`/api/certificates/requests/${created.body.id}/merge`)
      .set('Authorization', asUser('alice'))
      .send({});
    expect(merged.status).toBe(200);
    await notify!();
    expect(sent.map(s => s.payload.title)).toEqual([
      'Pull request opened for team-a/api-team--a-example-com',
      'Pull request merged for team-a/api-team--a-example-com',
    ]);
  });
});
