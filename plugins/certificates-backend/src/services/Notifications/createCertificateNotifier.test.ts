import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { SignalPayload } from '@backstage/plugin-signals-node';
import {
  CERTIFICATE_STATUS_STEPS,
  CertificateLifecycle,
  CertificateStatusSummary,
  createPlatformModel,
  parseCertificateRequest,
  resolveCertificateRequest,
  StoredCertificateRequest,
  TeamCertificatesStatus,
} from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { testCertificatesConfig } from '../../__testUtils__/testBackend';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { KnexRequestStore } from '../RequestStore';
import { createCertificateNotifier } from './createCertificateNotifier';

const MIGRATIONS = resolvePackagePath(
  '@internal/plugin-certificates-backend',
  'migrations',
);
const platform = createPlatformModel(testCertificatesConfig('/tmp/unused'));
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const DAY = 24 * 3600 * 1000;

function resolved(team: string, subdomain: string, domain = 'example.com') {
  const parsed = parseCertificateRequest({
    team,
    domain,
    subdomain,
    issuer: 'letsencrypt-staging',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const result = resolveCertificateRequest(parsed.request, platform);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.resolved;
}

/** A certificate's lifecycle as the status service reports it; only the parts the events read differ. */
function item(
  team: string,
  name: string,
  over: {
    by?: string;
    issued?: { notBefore: string; notAfter: string; renewalTime?: string };
    failed?: { step: 'acme' | 'issued'; message: string; time?: string };
    vaultStale?: boolean;
  } = {},
): CertificateStatusSummary {
  const steps = Object.fromEntries(
    CERTIFICATE_STATUS_STEPS.map(key => [key, { key, state: 'done' }]),
  ) as unknown as CertificateLifecycle;
  steps.requested = { ...steps.requested, by: over.by, requestId: 'r-1' };
  steps.issued = {
    ...steps.issued,
    state: over.issued ? 'done' : 'pending',
    issued: over.issued && { ...over.issued, ready: true },
  };
  let failure: CertificateStatusSummary['failure'];
  if (over.failed) {
    const reason = {
      source: `Challenge ${team}/${name}-1 status.reason`,
      reason: 'invalid',
      message: over.failed.message,
    };
    steps[over.failed.step] = {
      key: over.failed.step,
      state: 'failed',
      time: over.failed.time,
      reason,
    };
    failure = { step: over.failed.step, reason };
  }
  if (over.vaultStale) {
    const reason = {
      source: `Vault kv/certs/${team}/${name} metadata updated_time`,
      reason: 'Stale',
      message: `Vault kv/certs/${team}/${name} version 1 is older than the certificate (PushSecret lag)`,
    };
    steps.vault = {
      key: 'vault',
      state: 'failed',
      reason,
      vault: { stale: true, lastIssuance: over.issued?.notBefore },
    };
    failure = failure ?? { step: 'vault', reason };
  }
  return {
    team,
    certificateName: name,
    names: [`${name}.${team}.example.com`],
    namespace: team,
    source: 'both',
    steps,
    state: failure ? 'failed' : 'done',
    failure,
  };
}

const { databases, ids } = createTestDatabases(__filename, [
  'SQLITE_3',
  'POSTGRES_15',
]);

describe.each(ids)('certificate notifications on %s', databaseId => {
  let knex: Knex;
  let clock: Date;
  let store: KnexRequestStore;
  let statuses: Record<string, CertificateStatusSummary[]>;
  let sent: NotificationSendOptions[];
  let signals: SignalPayload[];

  const notifications = {
    async send(options: NotificationSendOptions) {
      sent.push(options);
    },
  };

  /** One backend instance: its own notifier over the shared database. */
  function instance(
    over: { send?: (o: NotificationSendOptions) => Promise<void> } = {},
  ) {
    return createCertificateNotifier({
      db: knex,
      notifications: over.send ? { send: over.send } : notifications,
      signals: {
        async publish(signal) {
          signals.push(signal as SignalPayload);
        },
      },
      store,
      status: {
        async teamStatus(team: string): Promise<TeamCertificatesStatus> {
          if (team === 'team-ab') throw new Error('cluster prod unreachable');
          return {
            team,
            observedAt: clock.toISOString(),
            clusters: [],
            items: statuses[team] ?? [],
          };
        },
      },
      platform,
      logger: mockServices.logger.mock(),
      config: { maxEventAgeHours: 24 },
      window: { renewBeforeMs: 30 * DAY, marginMs: 2 * DAY },
      now: () => clock,
    });
  }

  const titles = () => sent.map(s => s.payload.title);
  const recipientsOf = (s: NotificationSendOptions) =>
    s.recipients.type === 'entity' ? s.recipients.entityRef : 'broadcast';

  async function request(team: string, subdomain: string, actor: string) {
    const { record } = await store.createOrGet({
      resolved: resolved(team, subdomain),
      actor,
    });
    return record;
  }
  async function openPr(record: StoredCertificateRequest, number: number) {
    const { record: opened } = await store.transition(record.id, {
      from: ['pending', 'pr-open'],
      to: 'pr-open',
      actor: 'system',
      pullRequest: {
        url: `https://github.com/org/gitops/pull/${number}`,
        number,
        branch: `certificates/${record.id}`,
        state: 'open',
      },
    });
    return opened;
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId as TestDatabaseId);
    await knex.migrate.latest({ directory: MIGRATIONS });
  });
  beforeEach(async () => {
    await knex('certificate_notifications').delete();
    await knex('certificate_request_events').delete();
    await knex('certificate_names').delete();
    await knex('certificate_requests').delete();
    clock = new Date('2026-12-01T12:00:00Z');
    store = new KnexRequestStore(knex, () => clock);
    statuses = {};
    sent = [];
    signals = [];
  });

  it('runs its migration down and up again', async () => {
    await knex.migrate.down({
      directory: MIGRATIONS,
      name: '20261202140000_notifications.js',
    });
    expect(await knex.schema.hasTable('certificate_notifications')).toBe(false);
    await knex.migrate.latest({ directory: MIGRATIONS });
    expect(await knex.schema.hasTable('certificate_notifications')).toBe(true);
  });

  it('pull request opened, merged: one notification each to the requester and the team group, none after a restart', async () => {
    const record = await request('team-a', 'api.team-a', ALICE);
    await openPr(record, 7);
    await instance().run();
    expect(sent).toHaveLength(1);
    expect(recipientsOf(sent[0])).toEqual([TEAM_A, ALICE]);
    expect(sent[0].payload).toMatchObject({
      title: 'Pull request opened for api.team-a.example.com',
      topic: 'certificates',
      severity: 'low',
      link: `/certificates?request=${record.id}`,
      scope: `team-a:pr-opened:https://github.com/org/gitops/pull/7`,
    });
    // A GitHub pull request: the link is the request view, the text names it without a raw URL.
    expect(sent[0].payload.description).toBe(
      'Pull request #7 waits for review by the platform team.',
    );

    await instance().run(); // a restart: a new instance over the same database
    expect(sent).toHaveLength(1);

    await store.transition(record.id, {
      from: ['pending', 'pr-open'],
      to: 'merged',
      actor: 'system',
      pullRequest: {
        ...(await store.get(record.id))!.pullRequest!,
        state: 'merged',
      },
    });
    const watcher = instance();
    await watcher.run();
    await watcher.run();
    await instance().run();
    expect(titles()).toEqual([
      'Pull request opened for api.team-a.example.com',
      'Pull request merged for api.team-a.example.com',
    ]);
    expect(sent[1].payload.severity).toBe('normal');
    expect(recipientsOf(sent[1])).toEqual([TEAM_A, ALICE]);
  });

  it('pull request closed unmerged: one notification', async () => {
    const record = await openPr(
      await request('team-a', 'api.team-a', ALICE),
      8,
    );
    await store.transition(record.id, {
      from: ['pr-open'],
      to: 'closed',
      actor: 'system',
      pullRequest: { ...record.pullRequest!, state: 'closed' },
    });
    await instance().run();
    await instance().run();
    expect(titles()).toEqual([
      'Pull request closed without merging for api.team-a.example.com',
    ]);
    expect(recipientsOf(sent[0])).toEqual([TEAM_A, ALICE]);
  });

  it('publishing failed: the reason and a retry link, once per failure', async () => {
    const record = await request('team-a', 'api.team-a', ALICE);
    await store.transition(record.id, {
      from: ['pending', 'pr-open', 'failed'],
      to: 'failed',
      actor: 'system',
      error: 'GitHub answered 403: Resource not accessible by integration',
    });
    await instance().run();
    await instance().run();
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({
      title: 'Publishing failed for api.team-a.example.com',
      severity: 'high',
      link: `/certificates?request=${record.id}`,
    });
    expect(sent[0].payload.description).toBe(
      `GitHub answered 403: Resource not accessible by integration. Retry it from the request page.`,
    );

    // Retried, failed again later: a new failure, a new notification.
    clock = new Date(clock.getTime() + 60_000);
    await store.transition(record.id, {
      from: ['pending', 'pr-open', 'failed'],
      to: 'pending',
      actor: ALICE,
    });
    await store.transition(record.id, {
      from: ['pending', 'pr-open', 'failed'],
      to: 'failed',
      actor: 'system',
      error: 'still forbidden',
    });
    await instance().run();
    expect(sent).toHaveLength(2);
    expect(sent[1].payload.description).toContain('still forbidden');
  });

  it('certificate ready, failing to issue, in the warning window, expired, Vault stale: one each, renewal is a new ready', async () => {
    const issued = {
      notBefore: '2026-12-01T11:00:00Z',
      notAfter: '2027-03-01T11:00:00Z',
      renewalTime: '2027-01-30T11:00:00Z',
    };
    statuses['team-a'] = [
      item('team-a', 'api', { by: ALICE, issued }),
      item('team-a', 'web', {
        by: ALICE,
        failed: {
          step: 'acme',
          message:
            '403 urn:ietf:params:acme:error:unauthorized: Incorrect TXT record',
          time: '2026-12-01T11:30:00Z',
        },
      }),
      item('team-a', 'db', { issued, vaultStale: true }),
    ];
    await instance().run();
    await instance().run();
    expect(titles().sort()).toEqual([
      'Certificate api.team-a.example.com is ready',
      'Certificate db.team-a.example.com is ready',
      'Certificate web.team-a.example.com fails to issue (acme)',
      "Vault's copy of db.team-a.example.com is stale",
    ]);
    const failed = sent.find(s => s.payload.title.includes('fails to issue'))!;
    expect(failed.payload).toMatchObject({
      severity: 'high',
      description:
        'Challenge team-a/web-1 status.reason: 403 urn:ietf:params:acme:error:unauthorized: Incorrect TXT record',
      link: '/catalog/default/resource/team-a-web',
    });
    expect(recipientsOf(failed)).toEqual([TEAM_A, ALICE]);
    const stale = sent.find(s => s.payload.title.includes('Vault'))!;
    expect(stale.payload.severity).toBe('high');
    // Found on a cluster without a stored request: the team's group alone.
    expect(recipientsOf(stale)).toEqual([TEAM_A]);

    // The renewal is overdue by more than the margin: the warning window.
    sent = [];
    clock = new Date('2027-02-02T12:00:00Z');
    statuses['team-a'] = [item('team-a', 'api', { by: ALICE, issued })];
    await instance().run();
    await instance().run();
    expect(sent.map(s => [s.payload.title, s.payload.severity])).toEqual([
      [
        'Certificate api.team-a.example.com expires 2027-03-01T11:00:00Z and was not renewed',
        'high',
      ],
    ]);
    // Expired: critical, once.
    clock = new Date('2027-03-02T00:00:00Z');
    await instance().run();
    await instance().run();
    expect(sent.map(s => s.payload.severity)).toEqual(['high', 'critical']);

    // Renewed: a new certificate is ready again.
    sent = [];
    clock = new Date('2027-03-02T01:00:00Z');
    statuses['team-a'] = [
      item('team-a', 'api', {
        by: ALICE,
        issued: {
          notBefore: '2027-03-02T00:30:00Z',
          notAfter: '2027-05-31T00:30:00Z',
        },
      }),
    ];
    await instance().run();
    await instance().run();
    expect(titles()).toEqual(['Certificate api.team-a.example.com is ready']);
  });

  it('no notification to other teams', async () => {
    await openPr(await request('team-a', 'api.team-a', ALICE), 1);
    await openPr(await request('team-b', 'www.team-b', BOB), 2);
    statuses['team-b'] = [
      item('team-b', 'www', {
        by: BOB,
        failed: { step: 'issued', message: 'rate limited' },
      }),
    ];
    await instance().run();
    expect(sent).toHaveLength(3);
    for (const s of sent) {
      const refs = recipientsOf(s);
      const team = (s.payload.metadata as { team: string }).team;
      expect(refs).toEqual(team === 'team-a' ? [TEAM_A, ALICE] : [TEAM_B, BOB]);
      expect(s.payload.title).toContain(team);
    }
    expect(sent.filter(s => recipientsOf(s).includes(TEAM_A))).toHaveLength(1);
  });

  it('two instances on one database send each event once', async () => {
    for (let i = 0; i < 5; i++)
      await openPr(await request('team-a', `s${i}.team-a`, ALICE), 100 + i);
    statuses['team-a'] = [
      item('team-a', 'api', {
        by: ALICE,
        issued: {
          notBefore: '2026-12-01T11:00:00Z',
          notAfter: '2027-03-01T11:00:00Z',
        },
      }),
    ];
    const [one, two] = [instance(), instance()];
    const results = await Promise.all([
      one.run(),
      two.run(),
      one.run(),
      two.run(),
    ]);
    expect(sent).toHaveLength(6);
    expect(new Set(sent.map(s => s.payload.scope)).size).toBe(6);
    expect(results.reduce((n, r) => n + r.events.length, 0)).toBe(6);
  });

  it('certificates of one bulk pull request: one notification naming them all', async () => {
    const pullRequest = {
      url: 'https://github.com/org/gitops/pull/50',
      number: 50,
      branch: 'certificates/bulk-1',
      state: 'open' as const,
    };
    for (const s of ['a1', 'a2', 'a3']) {
      const r = await request('team-a', `${s}.team-a`, ALICE);
      await store.transition(r.id, {
        from: ['pending', 'pr-open'],
        to: 'pr-open',
        actor: 'system',
        pullRequest,
      });
    }
    await instance().run();
    expect(sent).toHaveLength(1);
    expect(sent[0].payload.title).toBe(
      'Pull request opened for 3 certificates of team-a',
    );
    expect(sent[0].payload.description).toContain(
      'a1.team-a.example.com, a2.team-a.example.com, a3.team-a.example.com',
    );
    expect(
      (sent[0].payload.metadata as { events: string[] }).events,
    ).toHaveLength(3);
  });

  it('events older than the configured age are not sent (first run after installing)', async () => {
    const record = await request('team-a', 'api.team-a', ALICE);
    await store.transition(record.id, {
      from: ['pending', 'pr-open'],
      to: 'merged',
      actor: 'system',
    });
    clock = new Date(clock.getTime() + 25 * 3600 * 1000);
    // Issued three days ago: old news too.
    statuses['team-a'] = [
      item('team-a', 'api', {
        by: ALICE,
        issued: {
          notBefore: new Date(clock.getTime() - 3 * DAY).toISOString(),
          notAfter: new Date(clock.getTime() + 87 * DAY).toISOString(),
        },
      }),
    ];
    const get = jest.spyOn(store, 'get');
    await instance().run();
    expect(sent).toEqual([]);
    // Old requests are not even read.
    expect(get).not.toHaveBeenCalled();
  });

  it('a failed send is retried on the next run, then sent once', async () => {
    await openPr(await request('team-a', 'api.team-a', ALICE), 9);
    const down = instance({
      send: async () => {
        throw new Error('notifications backend unavailable');
      },
    });
    expect((await down.run()).sent).toBe(0);
    await instance().run();
    await instance().run();
    expect(sent).toHaveLength(1);
  });

  it('signals the team channel when its requests or status change, to the team and requesters only', async () => {
    const watcher = instance();
    await watcher.run(); // first run: every team's state is new to this instance
    signals = [];
    await watcher.run();
    expect(signals).toEqual([]);
    await openPr(await request('team-a', 'api.team-a', ALICE), 3);
    await watcher.run();
    expect(signals).toEqual([
      {
        channel: 'certificates:team-a',
        recipients: { type: 'user', entityRef: [TEAM_A, ALICE] },
        message: { team: 'team-a', changed: 'status' },
      },
    ]);
  });
});
