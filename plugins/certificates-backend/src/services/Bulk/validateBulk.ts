import { NotAllowedError } from '@backstage/errors';
import {
  BulkRowResult,
  parseCertificateRequest,
  PlatformModel,
  RequestProblem,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { BulkStore, ValidBulkRow } from './types';

/** The problems of one row, or the row resolved. */
type Checked =
  | { row: number; ok: true; resolved: ValidBulkRow['resolved'] }
  | { row: number; ok: false; problems: RequestProblem[] };

/**
 * Checks every row of a bulk request with the same code as a single
 * request (parse, platform rules, team membership), then what only a batch
 * can get wrong: two rows for one certificate or one name, and names held
 * by another team. Reports every row's problems; writes nothing.
 */
export async function validateBulkRows(options: {
  rows: unknown[];
  platform: PlatformModel;
  /** Throws NotAllowedError (`team: ...`) unless the user may request for the team. */
  assertMember: (team: string) => Promise<void>;
  holders: BulkStore['holders'];
}): Promise<{ valid: ValidBulkRow[]; rejected: BulkRowResult[] }> {
  const { rows, platform } = options;
  const checked: Checked[] = rows.map((body, row) => {
    const parsed = parseCertificateRequest(body);
    if (!parsed.ok) return { row, ok: false, problems: parsed.problems };
    const result = resolveCertificateRequest(parsed.request, platform);
    if (!result.ok) return { row, ok: false, problems: result.problems };
    return { row, ok: true, resolved: result.resolved };
  });

  // Membership once per team, not per row.
  const refused = new Map<string, string>();
  const teams = new Set(
    checked.flatMap(c => (c.ok ? [c.resolved.request.team] : [])),
  );
  for (const team of teams) {
    try {
      await options.assertMember(team);
    } catch (error) {
      if (!(error instanceof NotAllowedError)) throw error;
      refused.set(team, error.message.replace(/^team:\s*/, ''));
    }
  }
  const problemsOf = new Map<number, RequestProblem[]>();
  const add = (row: number, problem: RequestProblem) =>
    problemsOf.set(row, [...(problemsOf.get(row) ?? []), problem]);
  for (const c of checked) {
    if (!c.ok) c.problems.forEach(p => add(c.row, p));
    else if (refused.has(c.resolved.request.team))
      add(c.row, {
        field: 'team',
        message: refused.get(c.resolved.request.team)!,
        kind: 'forbidden',
      });
  }

  const ok = checked.filter(
    (c): c is Extract<Checked, { ok: true }> => c.ok && !problemsOf.has(c.row),
  );
  await checkClashes(ok, add, options.holders);
  return {
    valid: ok
      .filter(c => !problemsOf.has(c.row))
      .map(c => ({ row: c.row, resolved: c.resolved })),
    rejected: [...problemsOf]
      .sort(([a], [b]) => a - b)
      .map(([row, problems]) => ({ row, outcome: 'rejected', problems })),
  };
}

/** The field a certificate's name comes from: `name` when given, else the requested name's field. */
function nameField(r: ValidBulkRow['resolved']['request']): string {
  if (r.name) return 'name';
  return r.subdomain ? 'subdomain' : 'domain';
}

/** Two rows for one certificate or one name, and names another team already holds. */
async function checkClashes(
  rows: Array<{ row: number; resolved: ValidBulkRow['resolved'] }>,
  add: (row: number, problem: RequestProblem) => void,
  holders: BulkStore['holders'],
) {
  const certificates = new Map<string, number>();
  const names = new Map<string, { row: number; team: string }>();
  for (const { row, resolved } of rows) {
    const team = resolved.request.team;
    const key = `${team}/${resolved.certificateName}`;
    const first = certificates.get(key);
    if (first !== undefined) {
      const r = resolved.request;
      add(row, {
        field: nameField(r),
        message: `"${resolved.certificateName}" is the same certificate as rows[${first}]`,
        kind: 'invalid',
      });
      continue;
    }
    certificates.set(key, row);
    for (const name of resolved.names) {
      const other = names.get(name);
      if (other && other.team !== team)
        add(row, {
          field: 'names',
          message: `"${name}" is also asked for by rows[${other.row}] (team "${other.team}")`,
          kind: 'conflict',
        });
      else names.set(name, { row, team });
    }
  }
  const held = new Map(
    (await holders([...names.keys()])).map(h => [h.name, h.team]),
  );
  for (const { row, resolved } of rows) {
    for (const name of resolved.names) {
      const team = held.get(name);
      if (team && team !== resolved.request.team)
        add(row, {
          field: 'names',
          message: `"${name}" is already held by team "${team}"`,
          kind: 'conflict',
        });
    }
  }
}

/** Prefixes each problem's field with its row, e.g. `rows[3].subdomain`. */
export function rowProblems(rejected: BulkRowResult[]): RequestProblem[] {
  return rejected.flatMap(r =>
    (r.problems ?? []).map(p => ({ ...p, field: `rows[${r.row}].${p.field}` })),
  );
}
