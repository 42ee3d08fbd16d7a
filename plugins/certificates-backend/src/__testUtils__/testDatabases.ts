import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `TestDatabases.create`, except that PostgreSQL cannot drop out unseen.
 *
 * Backstage leaves out a database it has no connection string (and no
 * Docker) for, so a suite "passes" without ever running on it. Here:
 * - PostgreSQL is required when `CERTIFICATES_TEST_POSTGRES=required`, or
 *   when `CI=true` unless `CERTIFICATES_TEST_POSTGRES=optional` (what
 *   scripts/test.sh sets on a developer machine); a required database that
 *   is not configured fails the suite, and one that does not answer fails
 *   its tests in `init`.
 * - Every suite appends the databases it runs on and the ones it left out to
 *   the file `CERTIFICATES_TEST_DATABASE_REPORT` names (one JSON line per
 *   suite), which the test script's summary lists.
 */
export function createTestDatabases(
  suiteFile: string,
  ids: TestDatabaseId[],
): { databases: TestDatabases; ids: [TestDatabaseId][] } {
  const databases = TestDatabases.create({ ids });
  const used = databases.eachSupportedId();
  const skipped = ids.filter(id => !databases.supports(id));
  const report = process.env.CERTIFICATES_TEST_DATABASE_REPORT;
  if (report) {
    fs.appendFileSync(
      report,
      `${JSON.stringify({
        suite: path.relative(process.cwd(), suiteFile),
        used: used.map(([id]) => id),
        skipped,
      })}\n`,
    );
  }
  const mode = process.env.CERTIFICATES_TEST_POSTGRES;
  const postgresRequired =
    mode === 'required' || (process.env.CI === 'true' && mode !== 'optional');
  const missing = skipped.filter(id => id.startsWith('POSTGRES'));
  if (postgresRequired && missing.length > 0) {
    throw new Error(
      `${missing.join(
        ', ',
      )} is required here (CI=true) but not configured: set BACKSTAGE_TEST_DATABASE_${missing[0].replace(
        '_',
        '',
      )}_CONNECTION_STRING, or CERTIFICATES_TEST_POSTGRES=optional outside CI`,
    );
  }
  return { databases, ids: used };
}
