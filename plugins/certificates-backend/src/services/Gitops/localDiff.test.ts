import { splitFileDiffs } from './localDiff';

describe('splitFileDiffs', () => {
  it('pairs each name-status line with its section from the first hunk on', () => {
    const names =
      'A\ttenants/a/cert.yaml\nD\ttenants/a/old.yaml\nM\tREADME.md\n';
    const patch = [
      'diff --git a/tenants/a/cert.yaml b/tenants/a/cert.yaml',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/tenants/a/cert.yaml',
      '@@ -0,0 +1,2 @@',
      '+kind: Certificate',
      '+spec: {}',
      'diff --git a/tenants/a/old.yaml b/tenants/a/old.yaml',
      'deleted file mode 100644',
      '--- a/tenants/a/old.yaml',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone: true',
      'diff --git a/README.md b/README.md',
      '--- a/README.md',
      '+++ b/README.md',
      '@@ -1,2 +1,2 @@',
      ' # Title',
      '-old',
      '+new',
      '',
    ].join('\n');
    expect(splitFileDiffs(names, patch)).toEqual([
      {
        path: 'tenants/a/cert.yaml',
        status: 'added',
        diff: '@@ -0,0 +1,2 @@\n+kind: Certificate\n+spec: {}',
      },
      {
        path: 'tenants/a/old.yaml',
        status: 'deleted',
        diff: '@@ -1 +0,0 @@\n-gone: true',
      },
      {
        path: 'README.md',
        status: 'modified',
        diff: '@@ -1,2 +1,2 @@\n # Title\n-old\n+new',
      },
    ]);
  });

  it('gives no files for an empty range', () => {
    expect(splitFileDiffs('', '')).toEqual([]);
  });
});
