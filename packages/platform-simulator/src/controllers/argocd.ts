import { kubeTime } from '../durations';
import { Faults } from '../faults';
import { Manifest, Revision } from '../gitops/repository';
import { KubeObject, ObjectStore } from '../kube/store';
import { Plural } from '../kube/resources';
import { conditionOf } from './conditions';

/** The kinds the simulator applies; other manifests are listed on the Application as synced. */
const APPLIED: Record<string, Plural> = {
  Certificate: 'certificates',
  PushSecret: 'pushsecrets',
  ClusterIssuer: 'clusterissuers',
  Namespace: 'namespaces',
};

const TRACKING = 'argocd.argoproj.io/tracking-id';

/** The error Argo CD shows when cert-manager's webhook is unreachable (the fault argocd-out-of-sync). */
export const SYNC_ERROR =
  'one or more objects failed to apply, reason: Internal error occurred: failed calling webhook "webhook.cert-manager.io": failed to call webhook: Post "https://cert-manager-webhook.cert-manager.svc:443/validate?timeout=30s": context deadline exceeded';

/** `tenants/<team>/…` and `platform/tenants/<team>/…` belong to the tenant's Application. */
function teamOf(path: string): string | undefined {
  const m = /^(?:platform\/)?tenants\/([^/]+)\//.exec(path);
  return m?.[1];
}

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

/** Argo CD's health of a cert-manager Certificate (its built-in health check). */
function certificateHealth(obj: KubeObject | undefined) {
  const ready = conditionOf(obj?.status, 'Ready');
  const issuing = conditionOf(obj?.status, 'Issuing');
  if (issuing?.status === 'True')
    return { status: 'Progressing', message: issuing.message };
  if (ready?.status === 'True')
    return { status: 'Healthy', message: ready.message };
  if (ready?.status === 'False')
    return { status: 'Degraded', message: ready.message };
  return { status: 'Progressing', message: 'Waiting for certificate' };
}

/** The Application's health: the worst of its resources'. */
function overallHealth(resources: Array<Record<string, any>>): string {
  for (const status of ['Degraded', 'Progressing'])
    if (resources.some(r => r.health?.status === status)) return status;
  return 'Healthy';
}

/**
 * Argo CD following the GitOps repository: one Application
 * `tenant-<team>` per tenant folder (as the platform's ApplicationSet makes
 * them), automated sync with prune. A new commit on the branch is applied
 * at once; objects it no longer holds are deleted. The fault
 * `argocd-out-of-sync` (on a team or certificate) holds a Certificate's
 * changes back and fails the sync with the admission webhook's error.
 */
export class ArgoCdController {
  private revision?: Revision;
  private readonly manifestsByTeam = new Map<string, Manifest[]>();

  constructor(
    private readonly store: ObjectStore,
    private readonly faults: Faults,
    private readonly options: { namespace: string; repoURL: string },
  ) {}

  get syncedRevision(): string | undefined {
    return this.revision?.sha;
  }

  /** Takes a newly read revision (the repo server's poll). */
  setRevision(revision: Revision) {
    if (revision.sha === this.revision?.sha) return;
    this.revision = revision;
    this.manifestsByTeam.clear();
    for (const m of revision.manifests) {
      const team = teamOf(m.path);
      if (team)
        this.manifestsByTeam.set(team, [
          ...(this.manifestsByTeam.get(team) ?? []),
          m,
        ]);
      else if (m.object.kind === 'ClusterIssuer')
        this.apply(m.object, 'platform');
    }
  }

  reconcile(now: number): void {
    if (!this.revision) return;
    for (const [team, manifests] of this.manifestsByTeam)
      this.syncTeam(team, manifests, now);
    for (const app of this.store.list('applications', this.options.namespace)) {
      const team = app.metadata.name.replace(/^tenant-/, '');
      if (!this.manifestsByTeam.has(team)) {
        this.prune(app.metadata.name, new Set());
        this.store.delete(
          'applications',
          app.metadata.namespace,
          app.metadata.name,
        );
      }
    }
  }

  private held(m: Manifest, team: string) {
    return (
      m.object.kind === 'Certificate' &&
      this.faults.has(
        'argocd-out-of-sync',
        team,
        m.object.metadata.name,
        `${team}/${m.object.metadata.name}`,
      )
    );
  }

  private syncTeam(team: string, manifests: Manifest[], now: number) {
    const appName = `tenant-${team}`;
    const keep = new Set<string>();
    let failed = false;
    const resources = manifests.map(m => {
      const o = m.object;
      const held = this.held(m, team);
      const plural = APPLIED[o.kind];
      const live = plural
        ? this.store.get(plural, o.metadata.namespace, o.metadata.name)
        : undefined;
      if (held) {
        failed = true;
        if (live)
          keep.add(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
      } else {
        this.apply(o, appName);
        keep.add(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
      }
      const after = plural
        ? this.store.get(plural, o.metadata.namespace, o.metadata.name)
        : undefined;
      return {
        group: groupOf(o.apiVersion ?? ''),
        version: (o.apiVersion ?? '').split('/').pop(),
        kind: o.kind,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
        name: o.metadata.name,
        status: held ? 'OutOfSync' : 'Synced',
        ...(o.kind === 'Certificate'
          ? { health: certificateHealth(after) }
          : {}),
      };
    });
    this.prune(appName, keep);
    this.writeApplication(team, resources, failed, now);
  }

  private writeApplication(
    team: string,
    resources: Array<Record<string, any>>,
    failed: boolean,
    now: number,
  ) {
    const name = `tenant-${team}`;
    const ns = this.options.namespace;
    const sha = this.revision!.sha;
    const existing =
      this.store.get('applications', ns, name) ??
      this.store.create('applications', {
        metadata: {
          name,
          namespace: ns,
          labels: { 'certificates.backstage.io/team': team },
        },
        spec: {
          project: 'tenants',
          source: {
            repoURL: this.options.repoURL,
            path: `tenants/${team}`,
            targetRevision: 'main',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: team,
          },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      });
    const health = overallHealth(resources);
    const previous = existing.status?.operationState;
    const sameRun =
      previous?.syncResult?.revision === sha &&
      (previous.phase === 'Failed') === failed;
    const at = kubeTime(now);
    this.store.setStatus('applications', existing, {
      sync: {
        status: failed ? 'OutOfSync' : 'Synced',
        revision: sha,
        comparedTo: {
          source: existing.spec?.source,
          destination: existing.spec?.destination,
        },
      },
      health: { status: health },
      operationState: sameRun
        ? previous
        : {
            phase: failed ? 'Failed' : 'Succeeded',
            message: failed
              ? SYNC_ERROR
              : 'successfully synced (all tasks run)',
            startedAt: at,
            finishedAt: at,
            operation: {
              sync: { revision: sha, prune: true },
              initiatedBy: { automated: true },
            },
            syncResult: { revision: sha },
          },
      reconciledAt:
        existing.status?.reconciledAt && sameRun
          ? existing.status.reconciledAt
          : at,
      resources,
    });
  }

  private apply(o: Record<string, any>, appName: string) {
    const plural = APPLIED[o.kind];
    if (!plural) return;
    const ns = o.metadata.namespace;
    const annotations = {
      ...o.metadata.annotations,
      [TRACKING]: `${appName}:${groupOf(o.apiVersion ?? '')}/${o.kind}:${
        ns ?? ''
      }/${o.metadata.name}`,
    };
    const live = this.store.get(plural, ns, o.metadata.name);
    if (!live) {
      this.store.create(plural, {
        metadata: {
          name: o.metadata.name,
          namespace: ns,
          labels: o.metadata.labels,
          annotations,
        },
        spec: o.spec,
      });
    } else {
      this.store.update(plural, live, {
        spec: o.spec,
        labels: o.metadata.labels,
        annotations,
      });
    }
  }

  /** Deletes the Application's objects that the repository no longer holds. */
  private prune(appName: string, keep: Set<string>) {
    for (const plural of ['certificates', 'pushsecrets'] as const) {
      for (const o of this.store.list(plural)) {
        const tracking = o.metadata.annotations?.[TRACKING];
        if (!tracking?.startsWith(`${appName}:`)) continue;
        if (!keep.has(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`))
          this.store.delete(plural, o.metadata.namespace, o.metadata.name);
      }
    }
  }
}
