import {
  certificateExpressions,
  indent,
  promqlString,
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
  'TeamIssuanceRateHigh',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

export function runbookUrl(config: MonitoringConfig, alert: AlertName): string {
  return `${config.runbookBaseUrl.replace(/\/+$/, '')}/${alert}.md`;
}

function humanHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

/**
 * Issuances per tenant namespace in the last 7 days: every change of a
 * Certificate's notAfter is one (0 before the first issuance, then each
 * renewal, re-issue or rename in place), whichever path created it, so hand-
 * made pull requests the request API never saw are counted too.
 */
function teamIssuanceExpr(namespaceRegexes: string[], perTeamPerWeek: number) {
  const metric = 'certmanager_certificate_expiration_timestamp_seconds';
  const selector = (matchers: string[]) => `${metric}{${matchers.join(', ')}}`;
  const exported = selector([
    'exported_namespace!=""',
    ...namespaceRegexes.map(r => `exported_namespace=~${promqlString(r)}`),
  ]);
  const plain = selector([
    'exported_namespace=""',
    ...namespaceRegexes.map(r => `namespace=~${promqlString(r)}`),
  ]);
  return [
    `sum by (namespace) (`,
    `  label_replace(`,
    `    changes(${exported}[7d])`,
    `    or`,
    `    changes(${plain}[7d]),`,
    `    "namespace", "$1", "exported_namespace", "(.+)"`,
    `  )`,
    `) > ${perTeamPerWeek}`,
  ].join('\n');
}

/** Rule groups (the `spec` of the PrometheusRule). */
export function buildRuleGroups(
  config: MonitoringConfig,
  renewBefore: string,
  perTeamPerWeek: number,
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
  const issuance = teamIssuanceExpr(ns, perTeamPerWeek);
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
        rule(
          'TeamIssuanceRateHigh',
          'warning',
          issuance,
          '5m',
          'Team {{ $labels.namespace }} is using up the shared ACME budget',
          `Certificates in namespace {{ $labels.namespace }} were issued {{ $value }} times in the last 7 days, more than ` +
            `the team's budget of ${perTeamPerWeek} (certificates.issuance.perTeamPerWeek). Let's Encrypt allows 50 new certificates ` +
            `per registered domain a week for all teams together: look for Certificates created by hand or re-issued in a loop.`,
        ),
      ],
    },
  ];
}
