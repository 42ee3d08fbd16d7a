import {
  ApiException,
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  HttpLibrary,
} from '@kubernetes/client-node';
import { StatusObject } from '@internal/plugin-certificates-common';
import { StatusClusterConfig } from './config';
import { KindRef, KINDS, SPEC_KEYS, TEAM_LABEL } from './cluster/kinds';
import { asList, listEvents, listPaged } from './cluster/lists';
import { renewCertificate } from './cluster/renew';
import {
  emptySnapshot,
  fleetSnapshot,
  FleetClusterSnapshot,
  NamespacedEvent,
  TeamClusterSnapshot,
} from './cluster/snapshots';
import { acmeSummary, pick, trimApplication, trimObject } from './cluster/trim';
import { createClusterApis, describeError } from './cluster/transport';

// The pieces live in ./cluster (one job per file); callers keep importing them from here.
export { TEAM_LABEL, KINDS } from './cluster/kinds';
export type { KindRef } from './cluster/kinds';
export { emptySnapshot } from './cluster/snapshots';
export type {
  FleetClusterSnapshot,
  TeamClusterSnapshot,
} from './cluster/snapshots';
export { trimObject } from './cluster/trim';
export { describeError, GlobalFetchHttpLibrary } from './cluster/transport';

export type ClusterClientOptions = {
  requestTimeoutMs: number;
  argocdNamespace: string;
  /** Overrides the transport (tests, benchmarks). */
  httpApi?: HttpLibrary;
  /** Page size of LIST calls. */
  pageSize?: number;
};

/** The snapshot fields read from the cluster, one call each. */
type SnapshotKey =
  | 'certificates'
  | 'certificateRequests'
  | 'orders'
  | 'challenges'
  | 'pushSecrets'
  | 'events'
  | 'application';

/** Reads one cluster with a service account token: LIST per kind, per tenant namespace. */
export class ClusterClient {
  readonly name: string;
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly apis: ApisApi;
  private readonly pageSize: number;

  constructor(
    cluster: StatusClusterConfig,
    private readonly options: ClusterClientOptions,
  ) {
    this.name = cluster.name;
    this.pageSize = options.pageSize ?? 500;
    const apis = createClusterApis(cluster, options);
    this.custom = apis.custom;
    this.core = apis.core;
    this.apis = apis.apis;
  }

  /** Every `group/version` the API server serves (`GET /apis`, an APIGroupList); the core `v1` is not listed there. */
  async servedApiVersions(): Promise<Set<string>> {
    const list = await this.apis.getAPIVersions();
    return new Set(
      list.groups.flatMap(g => g.versions.map(v => v.groupVersion)),
    );
  }

  private listCustom(
    kind: KindRef,
    namespace: string,
    labelSelector?: string,
  ): Promise<unknown[]> {
    return listPaged(cont =>
      this.custom.listNamespacedCustomObject({
        group: kind.group,
        version: kind.version,
        namespace,
        plural: kind.plural,
        labelSelector,
        limit: this.pageSize,
        _continue: cont,
      }),
    );
  }

  /** One LIST of a kind across every namespace (paged), for the background refresher. */
  private listAllNamespaces(
    kind: KindRef,
    labelSelector?: string,
  ): Promise<unknown[]> {
    return listPaged(cont =>
      this.custom.listCustomObjectForAllNamespaces({
        group: kind.group,
        version: kind.version,
        resourcePlural: kind.plural,
        labelSelector,
        limit: this.pageSize,
        _continue: cont,
      }),
    );
  }

  /**
   * Every team of the cluster at once: one LIST per kind across namespaces
   * (a tenant's namespace is its team's name), the tenants' Argo CD
   * Applications in one LIST. `team(name)` is then what readTeam would
   * have read for it.
   */
  async readFleet(): Promise<FleetClusterSnapshot> {
    const trimAll = (key: keyof typeof KINDS) => (items: unknown[]) =>
      items.map(o => trimObject(o, sp => pick(sp, SPEC_KEYS[key])));
    const lists = {
      certificates: this.listAllNamespaces(KINDS.certificates, TEAM_LABEL).then(
        trimAll('certificates'),
      ),
      certificateRequests: this.listAllNamespaces(
        KINDS.certificateRequests,
        TEAM_LABEL,
      ).then(trimAll('certificateRequests')),
      orders: this.listAllNamespaces(KINDS.orders, TEAM_LABEL).then(
        trimAll('orders'),
      ),
      // Challenges carry no labels: every namespace's, kept for the tenants' namespaces.
      challenges: this.listAllNamespaces(KINDS.challenges).then(
        trimAll('challenges'),
      ),
      pushSecrets: this.listAllNamespaces(KINDS.pushSecrets, TEAM_LABEL).then(
        trimAll('pushSecrets'),
      ),
      events: this.listEvents(undefined),
      applications: this.listCustom(
        KINDS.applications,
        this.options.argocdNamespace,
      ).then(items => items.map(trimApplication)),
    };
    const keys = Object.keys(lists) as Array<keyof typeof lists>;
    const settled = await Promise.allSettled(keys.map(k => lists[k]));
    const got: Partial<
      Record<keyof typeof lists, Array<StatusObject | NamespacedEvent>>
    > = {};
    const warnings: string[] = [];
    settled.forEach((r, i) => {
      if (r.status === 'fulfilled') got[keys[i]] = r.value;
      else if (i > 0) warnings.push(`${keys[i]}: ${describeError(r.reason)}`);
    });
    const error =
      settled[0].status === 'rejected'
        ? `cluster ${this.name}: listing Certificates failed: ${describeError(
            settled[0].reason,
          )}`
        : undefined;
    return fleetSnapshot(
      this.name,
      this.options.argocdNamespace,
      got,
      warnings,
      error,
    );
  }

  /** See renewCertificate in cluster/renew.ts. */
  renewCertificate(
    namespace: string,
    name: string,
    now: Date,
  ): Promise<'renewed' | 'in-progress' | undefined> {
    return renewCertificate(this.custom, namespace, name, now);
  }

  async listClusterIssuers(): Promise<StatusObject[]> {
    const k = KINDS.clusterIssuers;
    const list = asList(
      await this.custom.listClusterCustomObject({
        group: k.group,
        version: k.version,
        plural: k.plural,
      }),
    );
    return (list?.items ?? []).map(o =>
      trimObject(o, s => ({ acme: acmeSummary(s) })),
    );
  }

  /** Everything the status needs for one team: each kind in its own call, failures per kind. */
  async readTeam(team: string): Promise<TeamClusterSnapshot> {
    const namespace = team;
    const selector = `${TEAM_LABEL}=${team}`;
    const snapshot = emptySnapshot(this.name);
    const trimAll = (key: keyof typeof KINDS) => (items: unknown[]) =>
      items.map(o => trimObject(o, s => pick(s, SPEC_KEYS[key])));
    const tasks: { [K in SnapshotKey]: Promise<TeamClusterSnapshot[K]> } = {
      certificates: this.listCustom(
        KINDS.certificates,
        namespace,
        selector,
      ).then(trimAll('certificates')),
      certificateRequests: this.listCustom(
        KINDS.certificateRequests,
        namespace,
        selector,
      ).then(trimAll('certificateRequests')),
      orders: this.listCustom(KINDS.orders, namespace, selector).then(
        trimAll('orders'),
      ),
      // Challenges carry no labels: list the namespace and match by owner (as cmctl does).
      challenges: this.listCustom(KINDS.challenges, namespace).then(
        trimAll('challenges'),
      ),
      pushSecrets: this.listCustom(KINDS.pushSecrets, namespace, selector).then(
        trimAll('pushSecrets'),
      ),
      events: this.listEvents(namespace).then(list => list.map(x => x.event)),
      application: this.getApplication(team),
    };
    const keys = Object.keys(tasks) as Array<keyof typeof tasks>;
    const store = <K extends SnapshotKey>(key: K) =>
      tasks[key].then(value => {
        snapshot[key] = value;
      });
    const results = await Promise.allSettled(keys.map(store));
    results.forEach((result, i) => {
      if (result.status === 'rejected')
        snapshot.warnings.push(`${keys[i]}: ${describeError(result.reason)}`);
    });
    if (results[0].status === 'rejected') {
      // Without Certificates the cluster tells nothing about the team.
      snapshot.ok = false;
      snapshot.error = `cluster ${
        this.name
      }: listing Certificates in namespace ${namespace} failed: ${describeError(
        results[0].reason,
      )}`;
      snapshot.warnings = snapshot.warnings.filter(
        w => !w.startsWith('certificates:'),
      );
    }
    return snapshot;
  }

  /** Events of cert-manager and ESO objects, of one namespace or (undefined) of all. */
  private listEvents(
    namespace: string | undefined,
  ): Promise<NamespacedEvent[]> {
    return listEvents(this.core, this.pageSize, namespace);
  }

  /** The tenant's Argo CD Application (`tenant-<team>`, as the ApplicationSet names it); undefined when absent. */
  private async getApplication(
    team: string,
  ): Promise<StatusObject | undefined> {
    const k = KINDS.applications;
    try {
      const app: unknown = await this.custom.getNamespacedCustomObject({
        group: k.group,
        version: k.version,
        namespace: this.options.argocdNamespace,
        plural: k.plural,
        name: `tenant-${team}`,
      });
      return trimApplication(app);
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }
}
