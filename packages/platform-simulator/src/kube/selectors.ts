/**
 * Kubernetes label selectors in their string form: `a=b`, `a==b`, `a!=b`,
 * `a` (exists), `!a` (does not exist), `a in (x,y)`, `a notin (x,y)`,
 * joined by commas. Undefined for a selector it cannot parse.
 */
export type LabelMatcher = (
  labels: Record<string, string> | undefined,
) => boolean;

export function parseLabelSelector(
  selector: string | null,
): LabelMatcher | undefined {
  if (!selector) return () => true;
  const terms = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  const tests: LabelMatcher[] = [];
  for (const raw of terms) {
    const test = parseTerm(raw.trim());
    if (!test) return undefined;
    tests.push(test);
  }
  return labels => tests.every(test => test(labels));
}

function parseTerm(term: string): LabelMatcher | undefined {
  const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) {
    const [, key, op, list] = set;
    const values = list.split(',').map(v => v.trim());
    return l => values.includes(l?.[key] ?? '\0') === (op === 'in');
  }
  const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
  if (equality) {
    const [, key, op, value] = equality;
    return l => (l?.[key] === value) === (op !== '!=');
  }
  const absent = /^!([\w./-]+)$/.exec(term);
  if (absent) return l => l?.[absent[1]] === undefined;
  const exists = /^([\w./-]+)$/.exec(term);
  if (exists) return l => l?.[exists[1]] !== undefined;
  return undefined;
}
