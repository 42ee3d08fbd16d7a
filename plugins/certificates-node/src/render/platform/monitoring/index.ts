import { dump } from 'js-yaml';
import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { MonitoringConfig, monitoringConfigSchema } from './config';
import { buildRuleGroups } from './rules';
import { buildDashboard } from './dashboard';

export { monitoringConfigSchema, durationSeconds } from './config';
export type { MonitoringConfig } from './config';
export { ALERT_NAMES, buildRuleGroups, runbookUrl } from './rules';
export type { AlertName, AlertRule, RuleGroup } from './rules';
export {
  buildDashboard,
  dashboardExpressions,
  DASHBOARD_UID,
} from './dashboard';

export const MONITORING_DIR = 'platform/monitoring';
export const PROMETHEUS_RULE_PATH = `${MONITORING_DIR}/prometheusrule.yaml`;
export const DASHBOARD_CONFIGMAP_PATH = `${MONITORING_DIR}/grafana-dashboard.yaml`;
export const DASHBOARD_FILE_NAME = 'certificates-platform.json';

const COMMON_LABELS = {
  'app.kubernetes.io/name': 'certificates-platform',
  'app.kubernetes.io/component': 'monitoring',
  'app.kubernetes.io/managed-by': 'backstage-certificates',
};

/** The `certificates.monitoring` section, parsed with its defaults. */
export function monitoringConfigOf(platform: PlatformModel): MonitoringConfig {
  // platformConfigSchema is a passthrough object, so the (not yet declared) section survives parsing.
  return monitoringConfigSchema.parse(
    (platform.config as Record<string, unknown>).monitoring ?? {},
  );
}

function toYaml(doc: unknown): string {
  return dump(doc, { noRefs: true, lineWidth: -1 });
}

/**
 * Alert rules (PrometheusRule) and a Grafana dashboard (ConfigMap for the
 * Grafana sidecar) for the certificates platform. Pure and deterministic.
 */
export function renderMonitoringFiles(platform: PlatformModel): RenderedFile[] {
  const config = monitoringConfigOf(platform);
  const renewBefore = platform.config.renewBefore;

  const prometheusRule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'certificates-platform',
      namespace: config.ruleNamespace,
      labels: { ...COMMON_LABELS, ...config.ruleLabels },
    },
    spec: {
      groups: buildRuleGroups(
        config,
        renewBefore,
        platform.config.issuance.perTeamPerWeek,
      ),
    },
  };

  const dashboard = buildDashboard(config, renewBefore);
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'certificates-platform-dashboard',
      namespace: config.dashboardNamespace,
      labels: { ...COMMON_LABELS, grafana_dashboard: '1' },
      ...(config.dashboardFolder
        ? { annotations: { grafana_folder: config.dashboardFolder } }
        : {}),
    },
    data: { [DASHBOARD_FILE_NAME]: `${JSON.stringify(dashboard, null, 2)}\n` },
  };

  return [
    { path: PROMETHEUS_RULE_PATH, content: toYaml(prometheusRule) },
    { path: DASHBOARD_CONFIGMAP_PATH, content: toYaml(configMap) },
  ];
}
