// The end of `npm test`: one summary of everything that ran, then exactly one
// line `N passed, N failed`. Reads what scripts/test.sh left in artifacts/:
//   checks.tsv        one line per check: name, passed|failed|skipped, reason
//   jest.json         Jest's --json result (absent when Jest did not finish)
//   test-databases.jsonl  one line per database suite: {suite, used, skipped}
//   e2e.out           the browser test's output
// Skipped anything (a test, a database, a browser step, a check) is listed:
// the expected list is empty.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'artifacts';
const read = file => {
  const p = path.join(dir, file);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
};

let passed = 0;
let failed = 0;
const skipped = [];
const lines = ['', '== test summary'];

// Checks: type-check, lint, environment guards.
for (const line of (read('checks.tsv') ?? '').split('\n').filter(Boolean)) {
  const [name, outcome, reason = ''] = line.split('\t');
  lines.push(`${name}: ${outcome}${reason ? ` (${reason})` : ''}`);
  if (outcome === 'passed') passed++;
  else if (outcome === 'skipped') skipped.push(`check ${name}: ${reason}`);
  else failed++;
}

// Jest, per package.
const jestText = read('jest.json');
if (!jestText) {
  lines.push('jest: no result (Jest did not finish): counted as 1 failure');
  failed++;
} else {
  const jest = JSON.parse(jestText);
  const packages = new Map();
  for (const suite of jest.testResults ?? []) {
    const rel = path.relative(process.cwd(), suite.name);
    const pkg = rel.split(path.sep).slice(0, 2).join('/');
    const p = packages.get(pkg) ?? {
      suites: 0,
      tests: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      broken: 0,
    };
    p.suites++;
    const results = suite.assertionResults ?? [];
    p.tests += results.length;
    for (const t of results) {
      if (t.status === 'passed') p.passed++;
      else if (t.status === 'failed') p.failed++;
      else {
        p.skipped++;
        skipped.push(`test ${rel} › ${t.fullName} (${t.status})`);
      }
    }
    // A suite that failed to run (e.g. a required database missing) has no tests to count.
    if (suite.status === 'failed' && results.length === 0) {
      p.broken++;
      lines.push(
        `  suite failed to run: ${rel}: ${
          String(suite.message ?? '')
            .split('\n')
            .find(l => l.trim()) ?? ''
        }`.slice(0, 300),
      );
    }
    packages.set(pkg, p);
  }
  lines.push('jest, per package:');
  for (const [pkg, p] of [...packages].sort()) {
    lines.push(
      `  ${pkg.padEnd(48)} ${String(p.suites).padStart(3)} suites ${String(
        p.tests,
      ).padStart(5)} tests: ${p.passed} passed, ${p.failed} failed, ${
        p.skipped
      } skipped${p.broken ? `, ${p.broken} suites failed to run` : ''}`,
    );
    passed += p.passed;
    failed += p.failed + p.broken;
  }
  if (
    jest.success === false &&
    ![...packages.values()].some(p => p.failed || p.broken)
  ) {
    lines.push(
      'jest: reported failure without a failed test: counted as 1 failure',
    );
    failed++;
  }
}

// Databases the database suites ran on.
const used = new Map();
for (const line of (read('test-databases.jsonl') ?? '')
  .split('\n')
  .filter(Boolean)) {
  const { suite, used: on, skipped: off } = JSON.parse(line);
  for (const id of on) used.set(id, (used.get(id) ?? 0) + 1);
  for (const id of off) skipped.push(`database ${id} in ${suite}`);
}
lines.push(
  `databases: ${
    used.size
      ? [...used].map(([id, n]) => `${id} (${n} suites)`).join(', ')
      : 'none reported'
  }`,
);

// The browser test.
const e2e = read('e2e.out') ?? '';
const expected = /^e2e: expected (\d+) steps$/m.exec(e2e)?.[1];
const ran = /^e2e: expected \d+, ran (\d+)$/m.exec(e2e)?.[1];
const result = /^e2e: (\d+) passed, (\d+) failed$/m.exec(e2e);
if (result) {
  passed += Number(result[1]);
  failed += Number(result[2]);
  lines.push(
    `browser: expected ${expected ?? '?'} steps, ran ${ran ?? '?'}: ${
      result[1]
    } passed, ${result[2]} failed`,
  );
  for (const m of e2e.matchAll(/^ {2}- (.*): not run$/gm))
    skipped.push(`browser step ${m[1]}`);
} else {
  // The script died before its summary: every step it announced counts as failed.
  const n = Number(expected ?? 1);
  failed += n;
  lines.push(
    `browser: expected ${expected ?? '?'} steps, no result: ${n} failed`,
  );
}

lines.push(
  skipped.length
    ? `skipped (expected: nothing): ${skipped.length}\n${skipped
        .map(s => `  ${s}`)
        .join('\n')}`
    : 'skipped: nothing',
);
console.log(lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
