/**
 * Go duration strings as cert-manager, ESO and Argo CD write them
 * (`2160h`, `1h30m`, `90s`), in milliseconds.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function parseDuration(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== value)
    return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]], 0);
}

/** RFC 3339 without fractions, as Kubernetes writes timestamps. */
export const kubeTime = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
