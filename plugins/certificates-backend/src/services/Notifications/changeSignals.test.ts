import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SignalPayload } from '@backstage/plugin-signals-node';
import {
  createPlatformModel,
  parseCertificateRequest,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { testCertificatesConfig } from '../../__testUtils__/testBackend';
import { KnexRequestStore } from '../RequestStore';
import { withChangeSignals } from './changeSignals';

const platform = createPlatformModel(testCertificatesConfig('/tmp/unused'));
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function resolved(subdomain: string) {
  const parsed = parseCertificateRequest({
    team: 'team-a',
    domain: 'example.com',
    subdomain,
    issuer: 'letsencrypt-staging',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const result = resolveCertificateRequest(parsed.request, platform);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.resolved;
}

describe('withChangeSignals', () => {
  it('signals the team channel after each stored change, and only then', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    const published: SignalPayload[] = [];
    let fail = false;
    const store = withChangeSignals(
      new KnexRequestStore(knex, () => new Date('2026-12-01T12:00:00Z')),
      {
        signals: {
          async publish(signal) {
            if (fail) throw new Error('signals backend down');
            published.push(signal as SignalPayload);
          },
        },
        platform,
        logger: mockServices.logger.mock(),
      },
    );

    const input = {
      resolved: resolved('api.team-a'),
      actor: 'user:default/alice',
    };
    const { record } = await store.createOrGet(input);
    await store.createOrGet(input); // identical: nothing changed, no signal
    await store.transition(record.id, {
      from: ['pending', 'pr-open'],
      to: 'merged',
      actor: 'system',
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(published).toEqual([
      {
        channel: 'certificates:team-a',
        recipients: {
          type: 'user',
          entityRef: ['group:default/team-a', 'user:default/alice'],
        },
        message: { team: 'team-a', requestId: record.id, state: 'pending' },
      },
      expect.objectContaining({
        message: { team: 'team-a', requestId: record.id, state: 'merged' },
      }),
    ]);
    // The rest of the store is the store itself.
    expect((await store.get(record.id))!.state).toBe('merged');
    expect(await store.list({ team: 'team-a' })).toHaveLength(1);

    // A lost live update never fails the change.
    fail = true;
    await expect(
      store.transition(record.id, {
        from: ['merged'],
        to: 'decommissioned',
        actor: 'system',
      }),
    ).resolves.toMatchObject({ record: { state: 'decommissioned' } });
  });
});
