import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  createPlatformModel,
  parseCertificateRequest,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Knex } from 'knex';
import { testCertificatesConfig } from '../../__testUtils__/testBackend';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { KnexRequestStore } from './createRequestStore';
import { RequestListCriteria } from './listCriteria';

const platform = createPlatformModel(testCertificatesConfig('/tmp/unused'));
const MIGRATIONS = resolvePackagePath(
  '@internal/plugin-certificates-backend',
  'migrations',
);

function resolved(team: string, domain: string, subdomain: string) {
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

const { databases, ids } = createTestDatabases(__filename, [
  'SQLITE_3',
  'POSTGRES_15',
]);

describe.each(ids)(
  'listing with permission criteria on %s',
  (databaseId: TestDatabaseId) => {
    let store: KnexRequestStore;
    const names: Record<string, string> = {};

    beforeAll(async () => {
      const knex: Knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS });
      store = new KnexRequestStore(knex, () => new Date());
      const rows: Array<[string, string, string, string, string]> = [
        ['a-by-alice', 'team-a', 'example.com', 'one.team-a', 'alice'],
        ['a-by-bob', 'team-a', 'example.com', 'two.team-a', 'Bob'],
        ['b-by-bob', 'team-b', 'example.org', 'one.team-b', 'bob'],
      ];
      for (const [key, team, domain, subdomain, user] of rows) {
        const { record } = await store.createOrGet({
          resolved: resolved(team, domain, subdomain),
          actor: `user:default/${user}`,
        });
        names[record.id] = key;
      }
    });

    const list = async (allowed?: RequestListCriteria) =>
      (await store.list({ allowed })).map(r => names[r.id]).sort();

    it('applies team and requester conditions, nested allOf/anyOf/not', async () => {
      expect(await list()).toEqual(['a-by-alice', 'a-by-bob', 'b-by-bob']);
      expect(await list({ column: 'team', values: ['team-a'] })).toEqual([
        'a-by-alice',
        'a-by-bob',
      ]);
      // Requesters compare without case, as entity refs do.
      expect(
        await list({ column: 'created_by', values: ['USER:default/bob'] }),
      ).toEqual(['a-by-bob', 'b-by-bob']);
      expect(
        await list({
          anyOf: [
            { column: 'team', values: ['team-b'] },
            { column: 'created_by', values: ['user:default/alice'] },
          ],
        }),
      ).toEqual(['a-by-alice', 'b-by-bob']);
      expect(
        await list({
          allOf: [
            { column: 'team', values: ['team-a'] },
            { not: { column: 'created_by', values: ['user:default/bob'] } },
          ],
        }),
      ).toEqual(['a-by-alice']);
      expect(await list({ column: 'team', values: [] })).toEqual([]);
    });
  },
);
