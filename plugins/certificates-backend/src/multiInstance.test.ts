import { TestDatabaseId } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  asUser,
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from './__testUtils__/testBackend';
import { createTestDatabases } from './__testUtils__/testDatabases';

// Two backend instances, each with its own connection pool to one database and
// the same GitOps repository, as two replicas behind a load balancer.
const { databases, ids } = createTestDatabases(__filename, [
  'POSTGRES_15',
  'SQLITE_3',
]);

describe.each(ids)(
  'two backend instances on %s',
  (databaseId: TestDatabaseId) => {
    const instances: CertificatesTestBackend[] = [];
    const pools: Knex[] = [];

    beforeAll(async () => {
      const first = await databases.init(databaseId);
      // SQLite in memory cannot be opened twice; there the instances share one client.
      const second =
        databaseId === 'SQLITE_3' ? first : knexFactory(first.client.config);
      pools.push(first, second);
      const gitopsDir = fs.mkdtempSync(
        path.join(os.tmpdir(), 'certificates-two-instances-'),
      );
      instances.push(
        await startCertificatesTestBackend({ gitopsDir, knex: first }),
      );
      instances.push(
        await startCertificatesTestBackend({ gitopsDir, knex: second }),
      );
    });

    afterAll(async () => {
      for (const instance of instances) await instance.backend.stop();
      if (pools[1] !== pools[0]) await pools[1]?.destroy();
    });

    it('opens one pull request for identical submissions spread over both', async () => {
      const body = {
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'replicas.team-a',
        issuer: 'letsencrypt-staging',
      };
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request(instances[i % 2].server)
            .post('/api/certificates/requests')
            .set('Authorization', asUser('alice'))
            .send(body),
        ),
      );
      expect(
        responses.map(r => r.status).filter(s => s !== 200 && s !== 201),
      ).toEqual([]);
      expect(new Set(responses.map(r => r.body.id)).size).toBe(1);
      expect(responses.filter(r => r.status === 201)).toHaveLength(1);
      expect(instances[0].branches()).toEqual([
        'certificates/team-a/replicas-team--a-example-com',
      ]);
      const listed = await request(instances[1].server)
        .get('/api/certificates/requests')
        .set('Authorization', asUser('alice'));
      expect(listed.body.items).toHaveLength(1);
    });
  },
);
