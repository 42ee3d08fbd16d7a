import { CertificateRequestInput } from '../request/certificateRequest';

/** Columns a bulk CSV may have; `team`, `zone` (or `domain`) and `issuer` are required. */
export const BULK_CSV_COLUMNS = [
  'team',
  'zone',
  'subdomain',
  'issuer',
  'wildcard',
  'additionalNames',
  'keyAlgorithm',
  'name',
  'justification',
] as const;

/** A CSV problem, in the same `field: message` shape as a request problem. */
export type BulkCsvProblem = { field: string; message: string };

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF) into records. */
function records(text: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      out.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    out.push(record);
  }
  return out.filter(r => r.some(f => f.trim() !== ''));
}

/** `true`/`yes`/`1` and `false`/`no`/`0`; anything else stays text, for the backend to name. */
function csvBoolean(value: string): boolean | string {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  return value;
}

/**
 * Turns a pasted list or uploaded CSV (header row first) into the rows of
 * a bulk request. Only the shape is checked here: every row goes to the
 * backend, which applies the same rules as to a single request and names
 * the row of each problem. `zone` is the request's `domain`;
 * `additionalNames` are separated by spaces or semicolons.
 */
export function parseBulkCsv(
  text: string,
):
  | { ok: true; rows: CertificateRequestInput[] }
  | { ok: false; problems: BulkCsvProblem[] } {
  const [header, ...body] = records(text.replace(/^\uFEFF/, ''));
  if (!header)
    return {
      ok: false,
      problems: [{ field: 'csv', message: 'is empty: expected a header row' }],
    };
  const columns = header.map(h => {
    const name = h.trim();
    return name === 'domain' ? 'zone' : name;
  });
  const problems: BulkCsvProblem[] = [];
  columns.forEach((c, i) => {
    if (!(BULK_CSV_COLUMNS as readonly string[]).includes(c))
      problems.push({
        field: `csv.header.${i}`,
        message: `"${c}" is not a known column; use ${BULK_CSV_COLUMNS.join(
          ', ',
        )}`,
      });
  });
  for (const required of ['team', 'zone', 'issuer'])
    if (!columns.includes(required))
      problems.push({
        field: 'csv.header',
        message: `needs the ${required} column`,
      });
  if (problems.length > 0) return { ok: false, problems };

  const rows = body.map(values => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const value = (values[i] ?? '').trim();
      if (value === '') return;
      if (column === 'zone') row.domain = value;
      else if (column === 'wildcard') row.wildcard = csvBoolean(value);
      else if (column === 'additionalNames')
        row.additionalNames = value.split(/[\s;]+/).filter(Boolean);
      else row[column] = value;
    });
    return row as CertificateRequestInput;
  });
  return { ok: true, rows };
}
