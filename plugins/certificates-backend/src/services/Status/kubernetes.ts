import {
  ApiException,
  createConfiguration,
  CoreV1Api,
  CustomObjectsApi,
  HttpLibrary,
  KubeConfig,
  Observable,
  PatchStrategy,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  StatusEvent,
  StatusObject,
} from '@internal/plugin-certificates-common';
import { StatusClusterConfig } from './config';
import {
  applicationStatus,
  isJsonObject,
  JsonObject,
  str,
  stringMap,
} from './resources';

export const TEAM_LABEL = 'certificates.backstage.io/team';

/** One kind the status reads, as `group/version` and plural. */
export type KindRef = {
  group: string;
  version: string;
  plural: string;
  kind: string;
};

export const KINDS = {
  certificates: {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificates',
    kind: 'Certificate',
  },
  certificateRequests: {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificaterequests',
    kind: 'CertificateRequest',
  },
  orders: {
    group: 'acme.cert-manager.io',
    version: 'v1',
    plural: 'orders',
    kind: 'Order',
  },
  challenges: {
    group: 'acme.cert-manager.io',
    version: 'v1',
    plural: 'challenges',
    kind: 'Challenge',
  },
  pushSecrets: {
    group: 'external-secrets.io',
    version: 'v1alpha1',
    plural: 'pushsecrets',
    kind: 'PushSecret',
  },
  clusterIssuers: {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'clusterissuers',
    kind: 'ClusterIssuer',
  },
  applications: {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    kind: 'Application',
  },
} satisfies Record<string, KindRef>;

/** An event with the namespace it was recorded in. */
type NamespacedEvent = { namespace?: string; event: StatusEvent };

/** What one cluster holds for every team, from one LIST per kind (see readFleet). */
export type FleetClusterSnapshot = {
  cluster: string;
  /** The teams (namespaces) holding a Certificate of the platform. */
  teams: string[];
  /** The snapshot readTeam would have read for `team`. */
  team(team: string): TeamClusterSnapshot;
};

/** What one cluster holds for one team, trimmed to what the status needs. */
export type TeamClusterSnapshot = {
  cluster: string;
  ok: boolean;
  error?: string;
  warnings: string[];
  certificates: StatusObject[];
  certificateRequests: StatusObject[];
  orders: StatusObject[];
  challenges: StatusObject[];
  pushSecrets: StatusObject[];
  events: StatusEvent[];
  application?: StatusObject;
};

/**
 * An undici-free transport for the generated client: uses the global
 * `fetch`, so test servers (msw) see the requests. TLS options (CA,
 * skipTLSVerify) are not applied by it; production uses the client's own
 * transport.
 */
export class GlobalFetchHttpLibrary implements HttpLibrary {
  send(request: RequestContext): Observable<ResponseContext> {
    const promise = fetch(request.getUrl(), {
      method: request.getHttpMethod().toString(),
      headers: request.getHeaders(),
      body: request.getBody() as BodyInit | undefined,
      signal: request.getSignal() as AbortSignal | undefined,
    }).then(resp => {
      const headers: Record<string, string> = {};
      resp.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return new ResponseContext(resp.status, headers, {
        text: () => resp.text(),
        binary: async () => Buffer.from(await resp.arrayBuffer()),
        stream: () => resp.body,
      });
    });
    return new Observable(promise);
  }
}

/** A LIST answer of the custom objects API, which the generated client types as `any`. */
type ObjectList = {
  items?: unknown[];
  metadata: { continue?: string; _continue?: string };
};

function asList(v: unknown): ObjectList | undefined {
  if (!isJsonObject(v)) return undefined;
  const meta = isJsonObject(v.metadata) ? v.metadata : {};
  return {
    items: Array.isArray(v.items) ? v.items : undefined,
    metadata: { continue: str(meta.continue), _continue: str(meta._continue) },
  };
}

/** Keeps metadata that matters and drops managedFields and the like. */
export function trimObject(
  raw: unknown,
  keepSpec: (spec: JsonObject) => JsonObject | undefined,
): StatusObject {
  const o = isJsonObject(raw) ? raw : {};
  const m = isJsonObject(o.metadata) ? o.metadata : {};
  return {
    apiVersion: str(o.apiVersion),
    kind: str(o.kind),
    metadata: {
      name: String(m.name ?? ''),
      namespace: str(m.namespace),
      uid: str(m.uid),
      creationTimestamp: str(m.creationTimestamp),
      labels: stringMap(m.labels),
      annotations: filterAnnotations(m.annotations),
      ownerReferences: Array.isArray(m.ownerReferences)
        ? m.ownerReferences.map((ref: unknown) => {
            const r = isJsonObject(ref) ? ref : {};
            return {
              apiVersion: str(r.apiVersion),
              kind: String(r.kind),
              name: String(r.name),
              uid: String(r.uid),
              controller: r.controller === true ? true : undefined,
            };
          })
        : undefined,
    },
    spec: isJsonObject(o.spec) ? keepSpec(o.spec) : undefined,
    status: isJsonObject(o.status) ? o.status : undefined,
  };
}

function filterAnnotations(a: unknown): Record<string, string> | undefined {
  if (!isJsonObject(a)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    // last-applied-configuration duplicates the whole object; never keep it.
    if (
      k === 'kubectl.kubernetes.io/last-applied-configuration' ||
      typeof v !== 'string'
    )
      continue;
    if (
      k.startsWith('cert-manager.io/') ||
      k.startsWith('certificates.backstage.io/')
    )
      out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

const pick = (spec: JsonObject, keys: string[]) => {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (spec[k] !== undefined) out[k] = spec[k];
  return out;
};

const SPEC_KEYS: Record<keyof typeof KINDS, string[]> = {
  certificates: [
    'secretName',
    'dnsNames',
    'issuerRef',
    'duration',
    'renewBefore',
  ],
  certificateRequests: ['issuerRef', 'duration', 'username'],
  orders: ['issuerRef', 'dnsNames', 'commonName'],
  challenges: ['type', 'dnsName', 'wildcard', 'url', 'issuerRef', 'token'],
  pushSecrets: [
    'refreshInterval',
    'secretStoreRefs',
    'selector',
    'updatePolicy',
  ],
  clusterIssuers: [],
  applications: ['project', 'destination', 'source'],
};

/** A core/v1 Event with its timestamps as strings (ISO 8601), or an events.k8s.io one (`note`, `eventTime`). */
type RawEvent = {
  type?: unknown;
  reason?: unknown;
  message?: unknown;
  note?: unknown;
  count?: unknown;
  firstTimestamp?: unknown;
  lastTimestamp?: unknown;
  eventTime?: unknown;
  metadata?: { creationTimestamp?: unknown };
  involvedObject?: { kind?: unknown; name?: unknown; uid?: unknown };
};

function trimEvent(e: RawEvent): StatusEvent {
  return {
    type: str(e.type),
    reason: str(e.reason),
    message: str(e.message) ?? str(e.note),
    count: typeof e.count === 'number' ? e.count : undefined,
    firstTimestamp: str(e.firstTimestamp) ?? str(e.eventTime),
    lastTimestamp:
      str(e.lastTimestamp) ??
      str(e.eventTime) ??
      str(e.metadata?.creationTimestamp),
    involvedObject: {
      kind: str(e.involvedObject?.kind),
      name: str(e.involvedObject?.name),
      uid: str(e.involvedObject?.uid),
    },
  };
}

/** A human message for a failed Kubernetes call: HTTP status and the Status message, or the network cause. */
export function describeError(error: unknown): string {
  if (error instanceof ApiException) {
    let detail = '';
    try {
      const body =
        typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      detail = body?.message ? `: ${body.message}` : '';
    } catch {
      detail =
        typeof error.body === 'string' && error.body
          ? `: ${String(error.body).slice(0, 200)}`
          : '';
    }
    return `HTTP ${error.code}${detail}`;
  }
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return 'request timed out';
  if (e?.cause?.code) return `${e.message} (${e.cause.code})`;
  if (e?.cause?.message) return `${e.message}: ${e.cause.message}`;
  return e?.message ?? String(error);
}

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
  private readonly pageSize: number;

  constructor(
    cluster: StatusClusterConfig,
    private readonly options: ClusterClientOptions,
  ) {
    this.name = cluster.name;
    this.pageSize = options.pageSize ?? 500;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          caData: cluster.caData,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
        },
      ],
      users: [{ name: 'backstage', token: cluster.serviceAccountToken }],
      contexts: [{ name: 'status', cluster: cluster.name, user: 'backstage' }],
      currentContext: 'status',
    });
    const timeoutMs = options.requestTimeoutMs;
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(cluster.url, {}),
      authMethods: { default: kc },
      httpApi: options.httpApi,
      middleware: [
        {
          pre: (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return new Observable(Promise.resolve(context));
          },
          post: (context: ResponseContext) =>
            new Observable(Promise.resolve(context)),
        },
      ],
    });
    this.custom = new CustomObjectsApi(configuration);
    this.core = new CoreV1Api(configuration);
  }

  private async listCustom(
    kind: KindRef,
    namespace: string,
    labelSelector?: string,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    let cont: string | undefined;
    do {
      const page = asList(
        await this.custom.listNamespacedCustomObject({
          group: kind.group,
          version: kind.version,
          namespace,
          plural: kind.plural,
          labelSelector,
          limit: this.pageSize,
          _continue: cont,
        }),
      );
      items.push(...(page?.items ?? []));
      cont = page?.metadata?._continue || page?.metadata?.continue || undefined;
    } while (cont);
    return items;
  }

  /** One LIST of a kind across every namespace (paged), for the background refresher. */
  private async listAllNamespaces(
    kind: KindRef,
    labelSelector?: string,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    let cont: string | undefined;
    do {
      const page = asList(
        await this.custom.listCustomObjectForAllNamespaces({
          group: kind.group,
          version: kind.version,
          resourcePlural: kind.plural,
          labelSelector,
          limit: this.pageSize,
          _continue: cont,
        }),
      );
      items.push(...(page?.items ?? []));
      cont = page?.metadata?._continue || page?.metadata?.continue || undefined;
    } while (cont);
    return items;
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

  /**
   * What `cmctl renew` does: sets the Certificate's `Issuing` condition True
   * (reason `ManuallyTriggered`) on its status subresource, and cert-manager
   * issues again. A Certificate already issuing is left alone, as cmctl
   * does. The patch carries the resourceVersion read, so a concurrent
   * status change fails (409) instead of being overwritten. Undefined when
   * the Certificate is absent.
   */
  async renewCertificate(
    namespace: string,
    name: string,
    now: Date,
  ): Promise<'renewed' | 'in-progress' | undefined> {
    const k = KINDS.certificates;
    const ref = { group: k.group, version: k.version, plural: k.plural };
    let raw: unknown;
    try {
      raw = await this.custom.getNamespacedCustomObject({
        ...ref,
        namespace,
        name,
      });
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
    const o = isJsonObject(raw) ? raw : {};
    const meta = isJsonObject(o.metadata) ? o.metadata : {};
    const status = isJsonObject(o.status) ? o.status : {};
    const conditions = (
      Array.isArray(status.conditions) ? status.conditions : []
    ).filter(isJsonObject);
    if (conditions.some(c => c.type === 'Issuing' && c.status === 'True'))
      return 'in-progress';
    const issuing = {
      type: 'Issuing',
      status: 'True',
      reason: 'ManuallyTriggered',
      message: 'Certificate re-issuance manually triggered',
      lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(typeof meta.generation === 'number'
        ? { observedGeneration: meta.generation }
        : {}),
    };
    await this.custom.patchNamespacedCustomObjectStatus(
      {
        ...ref,
        namespace,
        name,
        fieldManager: 'backstage-certificates',
        body: {
          metadata: { resourceVersion: meta.resourceVersion },
          status: {
            conditions: [
              ...conditions.filter(c => c.type !== 'Issuing'),
              issuing,
            ],
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    return 'renewed';
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
  private async listEvents(
    namespace: string | undefined,
  ): Promise<NamespacedEvent[]> {
    const events: NamespacedEvent[] = [];
    let cont: string | undefined;
    do {
      const page = namespace
        ? await this.core.listNamespacedEvent({
            namespace,
            limit: this.pageSize,
            _continue: cont,
          })
        : await this.core.listEventForAllNamespaces({
            limit: this.pageSize,
            _continue: cont,
          });
      for (const e of page.items ?? []) {
        const kind = e.involvedObject?.kind;
        if (
          kind &&
          [
            'Certificate',
            'CertificateRequest',
            'Order',
            'Challenge',
            'PushSecret',
          ].includes(kind)
        ) {
          events.push({
            namespace: e.metadata?.namespace ?? e.involvedObject?.namespace,
            event: trimEvent({
              ...e,
              firstTimestamp:
                e.firstTimestamp?.toISOString?.() ?? e.firstTimestamp,
              lastTimestamp:
                e.lastTimestamp?.toISOString?.() ?? e.lastTimestamp,
              eventTime: e.eventTime?.toISOString?.() ?? e.eventTime,
              metadata: {
                creationTimestamp:
                  e.metadata?.creationTimestamp?.toISOString?.(),
              },
            }),
          });
        }
      }
      cont = page.metadata?._continue || undefined;
    } while (cont);
    return events;
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

function acmeSummary(spec: JsonObject) {
  return isJsonObject(spec.acme)
    ? { server: spec.acme.server, email: spec.acme.email }
    : undefined;
}

/** A cluster's team snapshot with nothing read yet; `error` marks the cluster unreachable. */
export function emptySnapshot(
  cluster: string,
  error?: string,
): TeamClusterSnapshot {
  return {
    cluster,
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
    warnings: [],
    certificates: [],
    certificateRequests: [],
    orders: [],
    challenges: [],
    pushSecrets: [],
    events: [],
  };
}

/** Groups the cluster-wide lists of readFleet by team (namespace). */
function fleetSnapshot(
  cluster: string,
  argocdNamespace: string,
  got: Partial<Record<string, Array<StatusObject | NamespacedEvent>>>,
  warnings: string[],
  error: string | undefined,
): FleetClusterSnapshot {
  const byNamespace = (key: string) => {
    const out = new Map<string, StatusObject[]>();
    for (const o of (got[key] ?? []) as StatusObject[]) {
      const ns = o.metadata.namespace ?? '';
      out.set(ns, [...(out.get(ns) ?? []), o]);
    }
    return out;
  };
  const kinds = [
    'certificates',
    'certificateRequests',
    'orders',
    'challenges',
    'pushSecrets',
  ] as const;
  const grouped = Object.fromEntries(
    kinds.map(k => [k, byNamespace(k)]),
  ) as Record<(typeof kinds)[number], Map<string, StatusObject[]>>;
  const events = new Map<string, StatusEvent[]>();
  for (const e of (got.events ?? []) as NamespacedEvent[])
    events.set(e.namespace ?? '', [
      ...(events.get(e.namespace ?? '') ?? []),
      e.event,
    ]);
  const applications = new Map(
    ((got.applications ?? []) as StatusObject[])
      .filter(
        a => (a.metadata.namespace ?? argocdNamespace) === argocdNamespace,
      )
      .map(a => [a.metadata.name, a]),
  );
  return {
    cluster,
    teams: [...grouped.certificates.keys()],
    team(team) {
      if (error) return emptySnapshot(cluster, error);
      const snapshot = emptySnapshot(cluster);
      snapshot.warnings = [...warnings];
      for (const k of kinds) snapshot[k] = grouped[k].get(team) ?? [];
      snapshot.events = events.get(team) ?? [];
      snapshot.application = applications.get(`tenant-${team}`);
      return snapshot;
    },
  };
}

/** A tenant's Application: sync, health, the last operation and its own Certificates' and PushSecrets' entries only. */
function trimApplication(app: unknown): StatusObject {
  const trimmed = trimObject(app, s => pick(s, SPEC_KEYS.applications));
  if (trimmed.status) {
    // Keep only the team's own resources' entries and the sync/health/operation summary.
    const s = applicationStatus(trimmed);
    trimmed.status = {
      sync: s.sync,
      health: s.health,
      operationState: s.operationState
        ? {
            phase: s.operationState.phase,
            message: s.operationState.message,
            startedAt: s.operationState.startedAt,
            finishedAt: s.operationState.finishedAt,
          }
        : undefined,
      conditions: s.conditions,
      reconciledAt: s.reconciledAt,
      resources: Array.isArray(s.resources)
        ? s.resources.filter(
            r => r.kind === 'Certificate' || r.kind === 'PushSecret',
          )
        : undefined,
    };
  }
  return trimmed;
}
