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
  beforeEach(() => {
    sent.length = 0;
  });

  /** Waits until `count` notifications were sent, up to `ms`. */
  async function sentWithin(count: number, ms: number) {
    const until = Date.now() + ms;
    while (sent.length < count && Date.now() < until)
      await new Promise(resolve => setTimeout(resolve, 10));
    return sent.map(s => s.payload);
  }

  it('notifies within a debounce of the change, naming the DNS name and linking the app, once with the sweep running too', async () => {
    const sweep = tasks.get('certificates-notify')!;
    const created = await request(app.server)
      .post('/api/certificates/requests')
      .set('Authorization', asUser('alice'))
      .send({
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'shop',
        issuer: 'letsencrypt-staging',
      });
    expect(created.status).toBe(201);
    const started = Date.now();
    // The sweep runs at the same moment as the triggered run.
    await Promise.all([sweep(), sweep()]);
    const [opened] = await sentWithin(1, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    const number = created.body.pullRequest.number;
    expect(opened).toMatchObject({
      title: 'Pull request opened for shop.example.com',
      link: `/certificates/pull-requests/${number}`,
      description: `Pull request #${number} waits for review by the platform team.`,
    });
    expect(opened.title).not.toContain('shop-example-com');
    expect(opened.description).not.toMatch(/https?:|file:/);

    // Merged: no sweep at all, the trigger alone delivers it.
    await request(app.server)
      .post(`/api/certificates/requests/${created.body.id}/merge`)
      .set('Authorization', asUser('alice'))
      .send({});
    const after = await sentWithin(2, 2000);
    expect(after.map(p => p.title)).toEqual([
      'Pull request opened for shop.example.com',
      'Pull request merged for shop.example.com',
    ]);
    await sweep();
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(sent).toHaveLength(2);
  });

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
      'Pull request opened for api.team-a.example.com',
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
      'Pull request opened for api.team-a.example.com',
      'Pull request merged for api.team-a.example.com',
    ]);
  });
});
