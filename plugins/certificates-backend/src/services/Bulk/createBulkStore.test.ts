import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { KnexRequestStore } from '../RequestStore';
import { fleetPlatform, fleetRows } from './__testUtils__/fleet';
import { KnexBulkStore } from './createBulkStore';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

const MIGRATIONS = resolvePackagePath(
  '@internal/plugin-certificates-backend',
  'migrations',
);
const { databases, ids } = createTestDatabases(__filename, [
  'SQLITE_3',
  'POSTGRES_15',
]);
const platform = fleetPlatform(4);

describe.each(ids)('bulk store on %p', databaseId => {
  let knex: Knex;
  let bulk: KnexBulkStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS });
  });
  beforeEach(async () => {
    await knex('certificate_batch_teams').delete();
    await knex('certificate_batches').delete();
    await knex('certificate_requests').delete();
    bulk = new KnexBulkStore(knex, () => new Date());
  });

  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }).first())?.n);

  it('runs its migration down and up again', async () => {
    await knex.migrate.down({
      directory: MIGRATIONS,
      name: '20261202130000_bulk_batches.js',
    });
    expect(await knex.schema.hasTable('certificate_batches')).toBe(false);
    expect(
      await knex.schema.hasColumn('certificate_requests', 'batch_id'),
    ).toBe(false);
    await knex.migrate.latest({ directory: MIGRATIONS });
    expect(await knex.schema.hasTable('certificate_batch_teams')).toBe(true);
    expect(
      await knex.schema.hasColumn('certificate_requests', 'batch_id'),
    ).toBe(true);
  });

  it('stores one batch for identical batches sent at once', async () => {
    const rows = fleetRows(platform, 12);
    const results = await Promise.all(
      ['user:default/a', 'user:default/b', 'user:default/c'].map(actor =>
        bulk.create({ actor, rows, rejected: [] }),
      ),
    );
    expect(new Set(results.map(r => r.batch.id)).size).toBe(1);
    expect(results.filter(r => r.created)).toHaveLength(1);
    expect(await count('certificate_batches')).toBe(1);
    expect(await count('certificate_requests')).toBe(12);
    expect(results[0].batch.teams.map(t => t.state)).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
  });

  it('stores nothing of a batch when a name was taken meanwhile', async () => {
    const rows = fleetRows(platform, 6);
    // Another team took row 5's name after validation (a direct insert, as a racing writer would).
    const requests = new KnexRequestStore(knex, () => new Date());
    const { record } = await requests.createOrGet({
      resolved: fleetRows(platform, 1)[0].resolved,
      actor: 'user:default/z',
    });
    await knex('certificate_names')
      .where({ request_id: record.id })
      .update({ name: rows[5].resolved.names[0], team: 'team-3' });
    await expect(
      bulk.create({ actor: 'user:default/a', rows, rejected: [] }),
    ).rejects.toThrow(ConflictError);
    expect(await count('certificate_batches')).toBe(0);
    expect(await count('certificate_requests')).toBe(1);
  });
});
