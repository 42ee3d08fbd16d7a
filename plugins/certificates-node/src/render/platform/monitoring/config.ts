import { z } from 'zod';

/** Prometheus / PrometheusRule duration, e.g. `30m`, `1h30m` (the CRD's `for` pattern). */
const PROM_DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const promDuration = z
  .string()
  .regex(PROM_DURATION, 'must be a Prometheus duration such as 30m or 1h');

/** Prometheus label name (alert labels). */
const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Kubernetes label key, optionally prefixed (`example.com/name`). */
const K8S_LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const regexString = z
  .string()
  .min(1)
  .refine(s => !/[\r\n]/.test(s), 'must be a single line')
  .refine(s => {
    try {
      // RE2 (Prometheus) and JS regexes agree on the common subset; this catches typos.
      // eslint-disable-next-line no-new
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

/**
 * The `certificates.monitoring` section of app-config. Everything has a default,
 * so a platform without the section still gets alerts and a dashboard.
 */
export const monitoringConfigSchema = z
  .object({
    /**
     * How long after cert-manager's planned renewal time (`renewBefore` ahead of
     * expiry) a certificate may still be un-renewed before CertificateExpiryWarning
     * fires. See docs/runbooks/CertificateExpiryWarning.md for the choice of 48h.
     */
    expiryWarningMarginHours: z.number().int().positive().default(48),
    /** How long the renewal must stay overdue before the warning fires. */
    expiryWarningFor: promDuration.default('1h'),
    /** How long a Certificate may be not Ready before CertificateNotReady fires. */
    notReadyFor: promDuration.default('30m'),
    /** How long an expired certificate must stay expired before CertificateExpired fires. */
    expiredFor: promDuration.default('5m'),
    /** How long an Issuer or ClusterIssuer may be not Ready before IssuerNotReady fires. */
    issuerNotReadyFor: promDuration.default('15m'),
    /** How long a PushSecret may fail to push before PushSecretSyncFailed fires. */
    pushSecretFailedFor: promDuration.default('15m'),
    /** Window in which any HTTP 429 answer of the ACME server makes ACMERateLimited fire. */
    acmeRateLimitWindow: promDuration.default('1h'),
    /** Extra labels on every alert (for Alertmanager routing), e.g. `{ team: platform }`. */
    alertLabels: z
      .record(
        z.string().regex(PROM_LABEL_NAME, 'must be a Prometheus label name'),
        z.string(),
      )
      .refine(
        l => !('severity' in l),
        'severity is set per alert and cannot be overridden',
      )
      .default({}),
    /** Extra metadata labels on the PrometheusRule, e.g. `{ release: kube-prometheus-stack }` for the ruleSelector. */
    ruleLabels: z
      .record(
        z.string().regex(K8S_LABEL_KEY, 'must be a Kubernetes label key'),
        z.string().regex(K8S_LABEL_VALUE),
      )
      .default({}),
    /** Regex (RE2, fully anchored by Prometheus) of the tenant namespaces to alert on. */
    namespaceSelector: regexString.default('.*'),
    /** Namespace of the PrometheusRule. */
    ruleNamespace: z.string().regex(DNS1123_LABEL).default('monitoring'),
    /** Namespace of the dashboard ConfigMap (where the Grafana sidecar looks). */
    dashboardNamespace: z.string().regex(DNS1123_LABEL).default('monitoring'),
    /** Optional Grafana folder for the dashboard (sidecar `folderAnnotation`, annotation `grafana_folder`). */
    dashboardFolder: z.string().min(1).optional(),
    /** Base URL of docs/runbooks in this repository; `<alert>.md` is appended. */
    runbookBaseUrl: z
      .string()
      .url()
      .default(
        'https://github.com/example/certificates-platform/blob/main/docs/runbooks',
      ),
  })
  .strict();

export type MonitoringConfig = z.infer<typeof monitoringConfigSchema>;

const DURATION_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** Seconds in a Go/Prometheus duration such as `720h` or `1h30m`. */
export function durationSeconds(duration: string): number {
  const parts = duration.match(/[0-9]+(ms|s|m|h|d|w|y)/g);
  if (!parts || parts.join('') !== duration) {
    throw new Error(`"${duration}" is not a duration`);
  }
  return parts.reduce((sum, part) => {
    const [, n, unit] = part.match(/^([0-9]+)(ms|s|m|h|d|w|y)$/)!;
    return sum + Number(n) * DURATION_UNITS[unit];
  }, 0);
}
