import { durationSeconds, MonitoringConfig } from './config';
import {
  certificateExpressions,
  indent,
  renewalOverdueExpr,
  resourceVector,
} from './promql';

export const DASHBOARD_UID = 'certificates-platform';

type Target = {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: 'table' | 'time_series';
  refId: string;
};

export type DashboardPanel = {
  id: number;
  type: string;
  title: string;
  description: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: 'prometheus'; uid: string };
  targets: Target[];
  fieldConfig: Record<string, unknown>;
  options: Record<string, unknown>;
  transformations?: Record<string, unknown>[];
};

const DATASOURCE = { type: 'prometheus' as const, uid: '${datasource}' };

/** The Grafana dashboard model (JSON), deterministic for a given config. */
export function buildDashboard(config: MonitoringConfig, renewBefore: string) {
  const renewBeforeSeconds = durationSeconds(renewBefore);
  const marginSeconds = config.expiryWarningMarginHours * 3600;
  // Tenant namespaces the platform watches, narrowed to the namespaces picked in the variable.
  const ns = [config.namespaceSelector, '$namespace'];
  const { expiry, notReady } = certificateExpressions(ns);

  const thresholds = (steps: Array<[number | null, string]>) => ({
    mode: 'absolute',
    steps: steps.map(([value, color]) => ({ color, value })),
  });
  const stat = (unitless: Array<[number | null, string]>) => ({
    defaults: {
      unit: 'none',
      color: { mode: 'thresholds' },
      thresholds: thresholds(unitless),
    },
    overrides: [],
  });
  const tableOptions = {
    showHeader: true,
    cellHeight: 'sm',
    footer: { show: false, reducer: ['sum'], countRows: false },
  };
  const hideTime = [
    {
      id: 'organize',
      options: { excludeByName: { Time: true }, renameByName: {} },
    },
  ];

  const panels: DashboardPanel[] = [];
  let nextId = 1;
  const add = (p: Omit<DashboardPanel, 'id' | 'datasource'>) => {
    panels.push({ id: nextId++, datasource: DATASOURCE, ...p });
  };

  /** A headline count, green at zero and coloured from one up, in the top row. */
  const countPanel = (p: {
    title: string;
    description: string;
    x: number;
    expr: string;
    alertColor: string;
  }) =>
    add({
      type: 'stat',
      title: p.title,
      description: p.description,
      gridPos: { x: p.x, y: 0, w: 6, h: 4 },
      targets: [{ refId: 'A', instant: true, expr: p.expr }],
      fieldConfig: stat([
        [null, 'green'],
        [1, p.alertColor],
      ]),
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
      },
    });

  countPanel({
    title: 'Renewal overdue',
    description: `Certificates cert-manager should have renewed more than ${config.expiryWarningMarginHours}h ago (CertificateExpiryWarning).`,
    x: 0,
    expr: `count(\n${indent(
      renewalOverdueExpr(ns, renewBeforeSeconds, marginSeconds),
    )}\n) or vector(0)`,
    alertColor: 'orange',
  });
  countPanel({
    title: 'Expired',
    description: 'Certificates past their notAfter date (CertificateExpired).',
    x: 6,
    expr: `count(time() - ${expiry} >= 0) or vector(0)`,
    alertColor: 'red',
  });
  countPanel({
    title: 'Not ready',
    description:
      'Certificates whose Ready condition is not True (CertificateNotReady after the alert delay).',
    x: 12,
    expr: `count(\n${indent(notReady)}\n) or vector(0)`,
    alertColor: 'orange',
  });
  countPanel({
    title: 'ACME rate limits (HTTP 429)',
    description: `HTTP 429 answers of ACME servers in the last ${config.acmeRateLimitWindow} (ACMERateLimited).`,
    x: 18,
    expr: `sum(increase(certmanager_http_acme_client_request_count{status="429"}[${config.acmeRateLimitWindow}])) or vector(0)`,
    alertColor: 'orange',
  });

  const renewBeforeDays = renewBeforeSeconds / 86400;
  add({
    type: 'bargauge',
    title: 'Certificates by days to expiry',
    description: `Days until each certificate expires. cert-manager renews ${renewBefore} (${renewBeforeDays}d) before expiry; orange means the renewal is overdue by more than ${config.expiryWarningMarginHours}h.`,
    gridPos: { x: 0, y: 4, w: 12, h: 12 },
    targets: [
      {
        refId: 'A',
        instant: true,
        legendFormat: '{{namespace}}/{{name}}',
        expr: `sort((${expiry} - time()) / 86400)`,
      },
    ],
    fieldConfig: {
      defaults: {
        unit: 'd',
        decimals: 1,
        min: 0,
        color: { mode: 'thresholds' },
        thresholds: thresholds([
          [null, 'red'],
          [0, 'orange'],
          [(renewBeforeSeconds - marginSeconds) / 86400, 'green'],
        ]),
      },
      overrides: [],
    },
    options: {
      displayMode: 'basic',
      orientation: 'horizontal',
      showUnfilled: true,
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    },
  });
  add({
    type: 'table',
    title: 'Certificates not ready',
    description: 'Certificates whose Ready condition is False or Unknown.',
    gridPos: { x: 12, y: 4, w: 12, h: 6 },
    targets: [{ refId: 'A', instant: true, format: 'table', expr: notReady }],
    fieldConfig: { defaults: {}, overrides: [] },
    options: tableOptions,
    transformations: hideTime,
  });
  add({
    type: 'table',
    title: 'Issuer readiness',
    description:
      'Ready condition of every ClusterIssuer and of the Issuers in the selected namespaces.',
    gridPos: { x: 12, y: 10, w: 12, h: 6 },
    targets: [
      {
        refId: 'A',
        instant: true,
        format: 'table',
        expr: [
          `label_replace(max by (name, condition) (certmanager_clusterissuer_ready_status) == 1, "issuer_kind", "ClusterIssuer", "", "")`,
          `or`,
          `label_replace(`,
          indent(
            `${resourceVector({
              metric: 'certmanager_issuer_ready_status',
              namespaceRegexes: ns,
              by: ['namespace', 'name', 'condition'],
            })}\n== 1,`,
          ),
          `  "issuer_kind", "Issuer", "", ""`,
          `)`,
        ].join('\n'),
      },
    ],
    fieldConfig: { defaults: {}, overrides: [] },
    options: tableOptions,
    transformations: hideTime,
  });
  add({
    type: 'table',
    title: 'PushSecret sync state',
    description:
      'Ready condition of the PushSecrets that copy certificates into the secret store.',
    gridPos: { x: 0, y: 16, w: 12, h: 8 },
    targets: [
      {
        refId: 'A',
        instant: true,
        format: 'table',
        expr: `${resourceVector({
          metric: 'pushsecret_status_condition',
          matchers: ['condition="Ready"'],
          namespaceRegexes: ns,
          by: ['namespace', 'name', 'status'],
        })}\n== 1`,
      },
    ],
    fieldConfig: { defaults: {}, overrides: [] },
    options: tableOptions,
    transformations: hideTime,
  });
  add({
    type: 'timeseries',
    title: 'ACME request errors and rate limits',
    description:
      'Non-2xx answers of ACME servers to cert-manager, per second, by host and status (429 = rate limited).',
    gridPos: { x: 12, y: 16, w: 12, h: 8 },
    targets: [
      {
        refId: 'A',
        legendFormat: '{{host}} {{status}}',
        expr: `sum by (host, status) (rate(certmanager_http_acme_client_request_count{status!~"2.."}[5m]))`,
      },
    ],
    fieldConfig: { defaults: { unit: 'reqps' }, overrides: [] },
    options: {
      legend: { displayMode: 'table', placement: 'bottom', showLegend: true },
    },
  });

  // Tenant namespaces seen in the certificate metrics, under either label.
  const namespaceQuery = `query_result(${resourceVector({
    metric: 'certmanager_certificate_ready_status',
    namespaceRegexes: [config.namespaceSelector],
    by: ['namespace'],
  }).replace(/\n\s*/g, ' ')})`;

  return {
    uid: DASHBOARD_UID,
    title: 'Certificates platform',
    description:
      'cert-manager certificates, issuers, PushSecrets and ACME traffic of the certificates platform.',
    tags: ['cert-manager', 'certificates', 'external-secrets'],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '5m',
    time: { from: 'now-24h', to: 'now' },
    timezone: 'browser',
    annotations: { list: [] },
    links: [],
    panels,
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
        },
        {
          name: 'namespace',
          label: 'Namespace (team)',
          type: 'query',
          datasource: DATASOURCE,
          query: { query: namespaceQuery, refId: 'namespace' },
          definition: namespaceQuery,
          regex: '/namespace="([^"]+)"/',
          includeAll: true,
          allValue: '.*',
          multi: true,
          current: {},
          hide: 0,
          refresh: 2,
          sort: 1,
        },
      ],
    },
  };
}

/** Every PromQL expression of the dashboard's panels, in panel order. */
export function dashboardExpressions(dashboard: {
  panels: DashboardPanel[];
}): string[] {
  return dashboard.panels.flatMap(p => p.targets.map(t => t.expr));
}
