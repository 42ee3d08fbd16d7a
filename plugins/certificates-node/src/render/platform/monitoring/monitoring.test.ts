import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import {
  createPlatformModel,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import {
  ALERT_NAMES,
  DASHBOARD_CONFIGMAP_PATH,
  DASHBOARD_FILE_NAME,
  dashboardExpressions,
  buildDashboard,
  monitoringConfigSchema,
  PROMETHEUS_RULE_PATH,
  renderMonitoringFiles,
} from './index';
import { createManifestValidator } from '../../../validation';

const FIXTURES = path.resolve(__dirname, '__fixtures__');
const RUNBOOKS = path.resolve(__dirname, '../../../../../../docs/runbooks');
const INSTALL_HINT =
  'promtool is required by these tests and was not found on PATH. Install it (Debian/Ubuntu) with: ' +
  'apt-get update && apt-get install -y --no-install-recommends prometheus';

const baseConfig = {
  renewBefore: '720h',
  issuers: [
    {
      name: 'letsencrypt-prod',
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'platform@example.com',
    },
  ],
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cf', key: 'token' },
      },
    },
  ],
  teams: [{ name: 'team-a' }, { name: 'team-b' }],
};

function platformWith(monitoring?: unknown): PlatformModel {
  return createPlatformModel(
    monitoring === undefined ? baseConfig : { ...baseConfig, monitoring },
  );
}

type K8sDoc = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec?: any;
  data?: any;
};

function rendered(platform: PlatformModel) {
  const files = renderMonitoringFiles(platform);
  const byPath = new Map(files.map(f => [f.path, f.content]));
  const rule = load(byPath.get(PROMETHEUS_RULE_PATH)!) as K8sDoc;
  const configMap = load(byPath.get(DASHBOARD_CONFIGMAP_PATH)!) as K8sDoc;
  return {
    files,
    rule,
    configMap,
    dashboard: JSON.parse(configMap.data[DASHBOARD_FILE_NAME]),
  };
}

function promtool(args: string[], cwd: string) {
  const res = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new Error(INSTALL_HINT);
  if (res.error) throw res.error;
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-monitoring-'));
}

function writeRules(dir: string, groups: unknown): string {
  const file = path.join(dir, 'rules.yaml');
  fs.writeFileSync(file, dump({ groups }, { noRefs: true, lineWidth: -1 }));
  return file;
}

// ---------------------------------------------------------------------------------------------

describe('promtool', () => {
  it('is installed (required, never skipped)', () => {
    const res = promtool(['--version'], os.tmpdir());
    expect(res.status).toBe(0);
  });
});

describe('renderMonitoringFiles', () => {
  const platform = platformWith();

  it('renders a PrometheusRule and a Grafana dashboard ConfigMap under platform/monitoring/', () => {
    const { files, rule, configMap } = rendered(platform);
    expect(files.map(f => f.path)).toEqual([
      'platform/monitoring/prometheusrule.yaml',
      'platform/monitoring/grafana-dashboard.yaml',
    ]);
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.metadata.namespace).toBe('monitoring');
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(configMap.metadata.namespace).toBe('monitoring');
  });

  it('is deterministic', () => {
    expect(renderMonitoringFiles(platform)).toEqual(
      renderMonitoringFiles(platformWith()),
    );
  });

  it('has every alert with severity, summary, a description naming the object and a runbook in docs/runbooks', () => {
    const { rule } = rendered(platform);
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    expect(rules.map((r: any) => r.alert)).toEqual([...ALERT_NAMES]);
    const severities = Object.fromEntries(
      rules.map((r: any) => [r.alert, r.labels.severity]),
    );
    expect(severities).toEqual({
      CertificateExpiryWarning: 'warning',
      CertificateExpired: 'critical',
      CertificateNotReady: 'warning',
      IssuerNotReady: 'critical',
      PushSecretSyncFailed: 'warning',
      ACMERateLimited: 'warning',
      TeamIssuanceRateHigh: 'warning',
    });
    for (const r of rules) {
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.runbook_url).toMatch(
        new RegExp(`/docs/runbooks/${r.alert}\\.md$`),
      );
      const runbook = fs.readFileSync(
        path.join(RUNBOOKS, `${r.alert}.md`),
        'utf8',
      );
      expect(runbook).toMatch(/## What it means/);
      expect(runbook).toMatch(/## How to check/);
      expect(runbook).toMatch(/## How to fix/);
      // Per-object alerts name the object; the ACME alert its server; the issuance alert the team.
      const expectedLabels: Record<string, string[]> = {
        ACMERateLimited: ['{{ $labels.host }}'],
        TeamIssuanceRateHigh: ['{{ $labels.namespace }}'],
      };
      const labels = expectedLabels[r.alert] ?? [
        '{{ $labels.name }}',
        '{{ $labels.namespace }}',
      ];
      expect(
        labels.filter(label => !r.annotations.description.includes(label)),
      ).toEqual([]);
    }
    expect(
      fs.readFileSync(
        path.join(RUNBOOKS, 'CertificateExpiryWarning.md'),
        'utf8',
      ),
    ).toMatch(/48h/);
  });

  it('uses the renewBefore of the platform and the configured margin', () => {
    const rules = (p: PlatformModel) => rendered(p).rule.spec.groups[0].rules;
    const expiry = rules(platformWith({ expiryWarningMarginHours: 24 }))[0]
      .expr as string;
    expect(expiry).toContain('> 86400'); // margin after the planned renewal
    expect(expiry).toContain('< 2505600'); // 720h - 24h without a renewal time
    const other = createPlatformModel({ ...baseConfig, renewBefore: '360h' });
    expect(rules(other)[0].expr).toContain('< 1123200'); // 360h - 48h
  });

  it('rejects a margin that is not shorter than renewBefore, and unknown keys', () => {
    expect(() =>
      renderMonitoringFiles(platformWith({ expiryWarningMarginHours: 720 })),
    ).toThrow(/must be shorter than certificates.renewBefore/);
    expect(() => renderMonitoringFiles(platformWith({ margin: 3 }))).toThrow();
    expect(() =>
      renderMonitoringFiles(
        platformWith({ alertLabels: { severity: 'page' } }),
      ),
    ).toThrow();
  });

  it('applies extra labels, namespaces, the runbook base URL and the namespace selector', () => {
    const { rule, configMap } = rendered(
      platformWith({
        alertLabels: { team: 'platform' },
        ruleLabels: { release: 'kube-prometheus-stack' },
        ruleNamespace: 'observability',
        dashboardNamespace: 'grafana',
        dashboardFolder: 'Platform',
        runbookBaseUrl:
          'https://git.example.com/platform/backstage/-/blob/main/docs/runbooks/',
        namespaceSelector: 'team-.*|shop\\.prod',
      }),
    );
    expect(rule.metadata.namespace).toBe('observability');
    expect(rule.metadata.labels).toMatchObject({
      release: 'kube-prometheus-stack',
    });
    expect(configMap.metadata).toMatchObject({
      namespace: 'grafana',
      annotations: { grafana_folder: 'Platform' },
    });
    for (const r of rule.spec.groups[0].rules) {
      expect(r.labels.team).toBe('platform');
      expect(r.annotations.runbook_url).toBe(
        `https://git.example.com/platform/backstage/-/blob/main/docs/runbooks/${r.alert}.md`,
      );
    }
    expect(rule.spec.groups[0].rules[2].expr).toContain(
      'exported_namespace=~"team-.*|shop\\\\.prod"',
    );
  });

  it('validates strictly against the PrometheusRule CRD and the ConfigMap schema', () => {
    const validator = createManifestValidator();
    for (const p of [
      platformWith(),
      platformWith({
        dashboardFolder: 'Platform',
        ruleLabels: { release: 'x' },
      }),
    ]) {
      const r = rendered(p);
      expect(validator.validate(r.rule).errors).toEqual([]);
      expect(validator.validate(r.configMap).errors).toEqual([]);
    }
    // the validator is strict: a misspelt field is rejected
    const { rule } = rendered(platform);
    const bad = structuredClone(rule);
    bad.spec.groups[0].rules[0].annotation = {};
    expect(validator.validate(bad).valid).toBe(false);
  });

  it('has a dashboard with the expected panels and a namespace (team) variable', () => {
    const { dashboard } = rendered(platform);
    expect(dashboard.uid).toBe('certificates-platform');
    expect(dashboard.panels.map((p: any) => p.title)).toEqual([
      'Renewal overdue',
      'Expired',
      'Not ready',
      'ACME rate limits (HTTP 429)',
      'Certificates by days to expiry',
      'Certificates not ready',
      'Issuer readiness',
      'PushSecret sync state',
      'ACME request errors and rate limits',
    ]);
    const variable = dashboard.templating.list.find(
      (v: any) => v.name === 'namespace',
    );
    expect(variable).toMatchObject({
      type: 'query',
      includeAll: true,
      multi: true,
      allValue: '.*',
    });
    const acmePanels = [
      'ACME rate limits (HTTP 429)',
      'ACME request errors and rate limits',
    ];
    expect(
      dashboard.panels.filter((p: any) => p.datasource.uid !== '${datasource}'),
    ).toEqual([]);
    const unfiltered = dashboard.panels.filter(
      (p: any) =>
        !acmePanels.includes(p.title) &&
        !p.targets[0].expr.includes('"$namespace"'),
    );
    expect(unfiltered.map((p: any) => p.title)).toEqual([]);
  });
});

describe('promtool checks', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the rendered rules (promtool check rules)', () => {
    const { rule } = rendered(platformWith());
    writeRules(dir, rule.spec.groups);
    const res = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(res.output).toContain(`SUCCESS: ${ALERT_NAMES.length} rules found`);
    expect(res.status).toBe(0);
  });

  it('accepts the rules rendered with a non-default config', () => {
    const sub = tempDir();
    try {
      const { rule } = rendered(
        platformWith({
          namespaceSelector: 'team-(a|b)|shop\\.prod',
          alertLabels: { team: 'platform' },
        }),
      );
      writeRules(sub, rule.spec.groups);
      const res = promtool(['check', 'rules', 'rules.yaml'], sub);
      expect(res.status).toBe(0);
    } finally {
      fs.rmSync(sub, { recursive: true, force: true });
    }
  });

  const fixtures = fs
    .readdirSync(FIXTURES)
    .filter(f => f.endsWith('.promtool-test.yaml'))
    .sort();

  it('has a promtool unit test for every alert', () => {
    const text = fixtures
      .map(f => fs.readFileSync(path.join(FIXTURES, f), 'utf8'))
      .join('\n');
    for (const alert of ALERT_NAMES)
      expect(text).toContain(`alertname: ${alert}`);
  });

  it.each(fixtures)('passes promtool test rules %s', fixture => {
    const { rule } = rendered(platformWith());
    writeRules(dir, rule.spec.groups);
    fs.copyFileSync(path.join(FIXTURES, fixture), path.join(dir, fixture));
    const res = promtool(['test', 'rules', fixture], dir);
    if (res.status !== 0)
      throw new Error(`promtool test rules ${fixture} failed:\n${res.output}`);
    expect(res.output).toContain('SUCCESS');
  });

  it('fails the unit tests when an alert is broken (the fixtures are not vacuous)', () => {
    const sub = tempDir();
    try {
      const { rule } = rendered(platformWith());
      const groups = structuredClone(rule.spec.groups);
      groups[0].rules[0].expr = groups[0].rules[0].expr.replace(
        '> 172800',
        '> 1728000',
      );
      writeRules(sub, groups);
      const fixture = 'certificate-expiry.promtool-test.yaml';
      fs.copyFileSync(path.join(FIXTURES, fixture), path.join(sub, fixture));
      const res = promtool(['test', 'rules', fixture], sub);
      expect(res.status).not.toBe(0);
      expect(res.output).toContain('FAILED');
    } finally {
      fs.rmSync(sub, { recursive: true, force: true });
    }
  });

  it('accepts every dashboard panel expression and the variable query as PromQL', () => {
    const sub = tempDir();
    try {
      const config = monitoringConfigSchema.parse({});
      const dashboard = buildDashboard(config, '720h');
      const exprs = dashboardExpressions(dashboard);
      expect(exprs.length).toBeGreaterThanOrEqual(9);
      const variable = dashboard.templating.list.find(
        v => v.name === 'namespace',
      ) as { definition: string };
      const inner = variable.definition
        .replace(/^query_result\(/, '')
        .replace(/\)$/, '');
      const records = [...exprs, inner].map((expr, i) => ({
        record: `panel_${i + 1}`,
        expr,
      }));
      writeRules(sub, [{ name: 'dashboard', rules: records }]);
      const res = promtool(['check', 'rules', 'rules.yaml'], sub);
      expect(res.output).toContain(`SUCCESS: ${records.length} rules found`);
      expect(res.status).toBe(0);
    } finally {
      fs.rmSync(sub, { recursive: true, force: true });
    }
  });
});
