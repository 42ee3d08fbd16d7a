import {
  certificateExpressions,
  indent,
  renewalOverdueExpr,
  resourceVector,
} from './promql';
import { durationSeconds, MonitoringConfig } from './config';

export type AlertRule = {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
};

export type RuleGroup = { name: string; rules: AlertRule[] };

/** The alerts, in the order they appear in the PrometheusRule. */
export const ALERT_NAMES = [
  'CertificateExpiryWarning',
  'CertificateExpired',
  'CertificateNotReady',
  'IssuerNotReady',
  'PushSecretSyncFailed',
  'ACMERateLimited',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

export function runbookUrl(config: MonitoringConfig, alert: AlertName): string {
  return `${config.runbookBaseUrl.replace(/\/+$/, '')}/${alert}.md`;
}

function humanHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

/** Rule groups (the `spec` of the PrometheusRule). */
export function buildRuleGroups(
  config: MonitoringConfig,
  renewBefore: string,
): RuleGroup[] {
  const renewBeforeSeconds = durationSeconds(renewBefore);
  const marginSeconds = config.expiryWarningMarginHours * 3600;
  if (marginSeconds >= renewBeforeSeconds) {
    throw new Error(
      `certificates.monitoring.expiryWarningMarginHours (${config.expiryWarningMarginHours}h) must be shorter than certificates.renewBefore (${renewBefore})`,
    );
  }
  const ns = [config.namespaceSelector];
  const { expiry, notReady } = certificateExpressions(ns);
  const margin = humanHours(config.expiryWarningMarginHours);

  const rule = (
    alert: AlertName,
    severity: 'warning' | 'critical',
    expr: string,
    forDuration: string,
    summary: string,
    description: string,
  ): AlertRule => ({
    alert,
    expr,
    for: forDuration,
    labels: { ...config.alertLabels, severity },
    annotations: {
      summary,
      description,
      runbook_url: runbookUrl(config, alert),
    },
  });

  const issuerNotReady = [
    `label_replace(`,
    `  max by (name, condition) (certmanager_clusterissuer_ready_status{condition!="True"}) == 1,`,
    `  "issuer_kind", "ClusterIssuer", "", ""`,
    `)`,
    `or`,
    `label_replace(`,
    indent(
      `${resourceVector({
        metric: 'certmanager_issuer_ready_status',
        matchers: ['condition!="True"'],
        namespaceRegexes: ns,
        by: ['namespace', 'name', 'condition'],
      })}\n== 1,`,
    ),
    `  "issuer_kind", "Issuer", "", ""`,
    `)`,
  ].join('\n');

  const pushSecretFailed = `${resourceVector({
    metric: 'pushsecret_status_condition',
    matchers: ['condition="Ready"', 'status="False"'],
    namespaceRegexes: ns,
    by: ['namespace', 'name'],
  })}\n== 1`;

  const acmeRateLimited = [
    `sum by (host, path) (`,
    `  increase(certmanager_http_acme_client_request_count{status="429"}[${config.acmeRateLimitWindow}])`,
    `) > 0`,
  ].join('\n');

  const certRef = '{{ $labels.namespace }}/{{ $labels.name }}';
  const issuerRef =
    '{{ $labels.issuer_kind }} {{ if $labels.namespace }}{{ $labels.namespace }}/{{ end }}{{ $labels.name }}';

  return [
    {
      name: 'certificates-platform',
      rules: [
        rule(
          'CertificateExpiryWarning',
          'warning',
          renewalOverdueExpr(ns, renewBeforeSeconds, marginSeconds),
          config.expiryWarningFor,
          `Renewal of certificate ${certRef} is overdue`,
          `Certificate {{ $labels.name }} in namespace {{ $labels.namespace }} should have been renewed more than ${margin} ago ` +
            `(cert-manager renews ${renewBefore} before expiry) but was not. It expires in {{ $value | humanizeDuration }}.`,
        ),
        rule(
          'CertificateExpired',
          'critical',
          `time() - ${expiry} >= 0`,
          config.expiredFor,
          `Certificate ${certRef} has expired`,
          `Certificate {{ $labels.name }} in namespace {{ $labels.namespace }} expired {{ $value | humanizeDuration }} ago; ` +
            `clients reject it.`,
        ),
        rule(
          'CertificateNotReady',
          'warning',
          notReady,
          config.notReadyFor,
          `Certificate ${certRef} is not Ready`,
          `Certificate {{ $labels.name }} in namespace {{ $labels.namespace }} has had Ready={{ $labels.condition }} ` +
            `for more than ${config.notReadyFor}; cert-manager cannot issue or renew it.`,
        ),
        rule(
          'IssuerNotReady',
          'critical',
          issuerNotReady,
          config.issuerNotReadyFor,
          `${issuerRef} is not Ready`,
          `${issuerRef} has had Ready={{ $labels.condition }} for more than ${config.issuerNotReadyFor}; ` +
            `no certificate using it can be issued or renewed.`,
        ),
        rule(
          'PushSecretSyncFailed',
          'warning',
          pushSecretFailed,
          config.pushSecretFailedFor,
          `PushSecret ${certRef} cannot push the certificate to the secret store`,
          `PushSecret {{ $labels.name }} in namespace {{ $labels.namespace }} has had Ready=False for more than ` +
            `${config.pushSecretFailedFor}; the copy of the certificate in the secret store is stale.`,
        ),
        rule(
          'ACMERateLimited',
          'warning',
          acmeRateLimited,
          '0m',
          'The ACME server {{ $labels.host }} is rate-limiting cert-manager',
          `The ACME server {{ $labels.host }} answered HTTP 429 (rate limited) to cert-manager on {{ $labels.path }} ` +
            `in the last ${config.acmeRateLimitWindow}; new and renewed certificates from it are delayed.`,
        ),
      ],
    },
  ];
}
