import { conditionOf } from './controllers/conditions';
import { ObjectStore } from './kube/store';

type Sample = { labels: Record<string, string>; value: number };
type Family = {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Sample[];
};

const escape = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Prometheus text exposition format (0.0.4). */
export function formatMetrics(families: Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escape(v)}"`)
        .join(',');
      lines.push(`${f.name}{${labels}} ${s.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const CONDITION_VALUES = ['True', 'False', 'Unknown'];
const seconds = (t: string | undefined) =>
  t ? Math.floor(Date.parse(t) / 1000) : 0;

/** Counts of ACME calls by server, path, method and status, as cert-manager's ACME client counts them. */
export class AcmeCalls {
  private readonly counts = new Map<string, number>();

  add(server: string, path: string, method: string, status: number) {
    const url = server ? new URL(server) : undefined;
    const key = JSON.stringify({
      scheme: url?.protocol.replace(':', '') ?? 'https',
      host: url?.host ?? '',
      path,
      method,
      status: String(status),
    });
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  samples(): Sample[] {
    return [...this.counts].map(([k, value]) => ({
      labels: JSON.parse(k),
      value,
    }));
  }
}

/**
 * What cert-manager's and External Secrets' controllers export, under
 * their real metric names and labels, computed from the simulated objects.
 */
export function collectMetrics(store: ObjectStore, acme: AcmeCalls): Family[] {
  const certs = store.list('certificates');
  const certLabels = (c: (typeof certs)[number]) => ({
    name: c.metadata.name,
    namespace: c.metadata.namespace ?? '',
    issuer_name: c.spec?.issuerRef?.name ?? '',
    issuer_kind: c.spec?.issuerRef?.kind ?? 'Issuer',
    issuer_group: c.spec?.issuerRef?.group ?? 'cert-manager.io',
  });
  const conditionSamples = (
    status: string | undefined,
    labels: Record<string, string>,
  ) =>
    CONDITION_VALUES.map(v => ({
      labels: { ...labels, condition: v },
      value: (status ?? 'Unknown') === v ? 1 : 0,
    }));
  return [
    {
      name: 'certmanager_certificate_expiration_timestamp_seconds',
      help: 'The timestamp after which the certificate expires, expressed in Unix Epoch Time.',
      type: 'gauge',
      samples: certs.map(c => ({
        labels: certLabels(c),
        value: seconds(c.status?.notAfter),
      })),
    },
    {
      name: 'certmanager_certificate_renewal_timestamp_seconds',
      help: 'The timestamp after which the certificate should be renewed, expressed in Unix Epoch Time.',
      type: 'gauge',
      samples: certs.map(c => ({
        labels: certLabels(c),
        value: seconds(c.status?.renewalTime),
      })),
    },
    {
      name: 'certmanager_certificate_ready_status',
      help: 'The ready status of the certificate.',
      type: 'gauge',
      samples: certs.flatMap(c =>
        conditionSamples(conditionOf(c.status, 'Ready')?.status, certLabels(c)),
      ),
    },
    {
      name: 'certmanager_clusterissuer_ready_status',
      help: 'The ready status of the cluster issuer.',
      type: 'gauge',
      samples: store.list('clusterissuers').flatMap(i =>
        conditionSamples(conditionOf(i.status, 'Ready')?.status, {
          name: i.metadata.name,
        }),
      ),
    },
    {
      name: 'certmanager_http_acme_client_request_count',
      help: 'The number of requests made by the ACME client.',
      type: 'counter',
      samples: acme.samples(),
    },
    {
      name: 'pushsecret_status_condition',
      help: 'The status condition of a specific PushSecret',
      type: 'gauge',
      samples: store.list('pushsecrets').flatMap(p => {
        const ready = conditionOf(p.status, 'Ready')?.status;
        if (!ready) return [];
        const labels = {
          name: p.metadata.name,
          namespace: p.metadata.namespace ?? '',
          condition: 'Ready',
        };
        return [
          {
            labels: { ...labels, status: 'True' },
            value: ready === 'True' ? 1 : 0,
          },
          {
            labels: { ...labels, status: 'False' },
            value: ready === 'False' ? 1 : 0,
          },
        ];
      }),
    },
  ];
}
