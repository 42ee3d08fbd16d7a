import fs from 'node:fs';
import path from 'node:path';

/** Every TypeScript file under the plugins and packages, but node_modules and dist. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist', 'dist-types'].includes(entry.name)
        ? []
        : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('database suites', () => {
  it('ask for PostgreSQL only through createTestDatabases, which cannot skip it unseen', () => {
    const root = path.resolve(__dirname, '../../../..');
    const offenders = ['plugins', 'packages']
      .flatMap(d => sourceFiles(path.join(root, d)))
      .filter(
        file => !file.endsWith(path.join('__testUtils__', 'testDatabases.ts')),
      )
      .filter(file =>
        /TestDatabases\.create\(\{[^}]*POSTGRES/.test(
          fs.readFileSync(file, 'utf8'),
        ),
      )
      .map(file => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
