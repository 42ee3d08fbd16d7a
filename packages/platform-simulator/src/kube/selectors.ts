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
    const term = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const [, key, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      tests.push(l =>
        op === 'in'
          ? values.includes(l?.[key] ?? '\0')
          : !values.includes(l?.[key] ?? '\0'),
      );
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term))) {
      const [, key, op, value] = m;
      tests.push(l => (op === '!=' ? l?.[key] !== value : l?.[key] === value));
    } else if ((m = /^!([\w./-]+)$/.exec(term))) {
      const key = m[1];
      tests.push(l => l?.[key] === undefined);
    } else if ((m = /^([\w./-]+)$/.exec(term))) {
      const key = m[1];
      tests.push(l => l?.[key] !== undefined);
    } else {
      return undefined;
    }
  }
  return labels => tests.every(test => test(labels));
}
