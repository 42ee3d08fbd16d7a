import { StatusConfig } from '../config';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { http, HttpResponse } from 'msw';

/**
 * Fakes of a Kubernetes API server (the LIST/GET calls the status makes,
 * with bodies shaped like the real API: `<Kind>List` with metadata.continue,
 * `Status` errors) and of Vault (KV v2 metadata, Kubernetes-auth login).
 */

type Obj = Record<string, any>;
const LIST_KINDS: Record<string, string> = {
  certificates: 'Certificate',
  certificaterequests: 'CertificateRequest',
  orders: 'Order',
  challenges: 'Challenge',
  pushsecrets: 'PushSecret',
  clusterissuers: 'ClusterIssuer',
  applications: 'Application',
  events: 'Event',
};

const k8sStatus = (code: number, reason: string, message: string) =>
  HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    },
    { status: code },
  );

function matchesSelector(obj: Obj, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [k, v] = term.split('=');
    // `key` alone: the label exists (an existence selector).
    if (v === undefined) return obj.metadata?.labels?.[k] !== undefined;
    return obj.metadata?.labels?.[k] === v;
  });
}

export class FakeCluster {
  /** Objects by plural. */
  readonly objects: Record<string, Obj[]> = Object.fromEntries(
    Object.keys(LIST_KINDS).map(k => [k, []]),
  );
  calls: string[] = [];
  down = false;
  /** Plurals that answer 403. */
  forbidden = new Set<string>();
  /** Artificial latency per call, ms. */
  latencyMs = 0;

  constructor(
    readonly name: string,
    readonly url: string,
    readonly token = `token-${name}`,
  ) {}

  add(plural: string, ...objs: Obj[]) {
    this.objects[plural].push(...objs);
    return this;
  }

  get config() {
    return {
      name: this.name,
      url: this.url,
      authProvider: 'serviceAccount' as const,
      serviceAccountToken: this.token,
      skipTLSVerify: true,
    };
  }

  private async gate(request: Request, plural: string) {
    this.calls.push(`${request.method} ${new URL(request.url).pathname}`);
    if (this.latencyMs) await new Promise(r => setTimeout(r, this.latencyMs));
    if (this.down) return HttpResponse.error();
    if (request.headers.get('authorization') !== `Bearer ${this.token}`)
      return k8sStatus(401, 'Unauthorized', 'Unauthorized');
    if (this.forbidden.has(plural)) {
      return k8sStatus(
        403,
        'Forbidden',
        `${plural} is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "${plural}"`,
      );
    }
    return undefined;
  }

  private list(
    request: Request,
    plural: string,
    apiVersion: string,
    namespace?: string,
  ) {
    const url = new URL(request.url);
    const selector = url.searchParams.get('labelSelector');
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const start = Number(url.searchParams.get('continue') ?? 0);
    const all = this.objects[plural].filter(
      o =>
        (namespace ? o.metadata.namespace === namespace : true) &&
        matchesSelector(o, selector),
    );
    const page = limit ? all.slice(start, start + limit) : all;
    const next =
      limit && start + limit < all.length ? String(start + limit) : undefined;
    return HttpResponse.json({
      apiVersion,
      kind: `${LIST_KINDS[plural]}List`,
      metadata: {
        resourceVersion: '4242',
        ...(next ? { continue: next } : {}),
      },
      items: page,
    });
  }

  handlers() {
    return [
      // Every namespace's events at once (the background refresher).
      http.get(`${this.url}/api/v1/events`, async ({ request }) => {
        return (
          (await this.gate(request, 'events')) ??
          this.list(request, 'events', 'v1')
        );
      }),
      http.get(
        `${this.url}/api/v1/namespaces/:ns/events`,
        async ({ request, params }) => {
          return (
            (await this.gate(request, 'events')) ??
            this.list(request, 'events', 'v1', String(params.ns))
          );
        },
      ),
      http.get(
        `${this.url}/apis/:group/:version/namespaces/:ns/:plural/:name`,
        async ({ request, params }) => {
          const plural = String(params.plural);
          const denied = await this.gate(request, plural);
          if (denied) return denied;
          const obj = (this.objects[plural] ?? []).find(
            o =>
              o.metadata.namespace === params.ns &&
              o.metadata.name === params.name,
          );
          if (!obj)
            return k8sStatus(
              404,
              'NotFound',
              `${plural}.${params.group} "${params.name}" not found`,
            );
          return HttpResponse.json(obj);
        },
      ),
      http.get(
        `${this.url}/apis/:group/:version/namespaces/:ns/:plural`,
        async ({ request, params }) => {
          const plural = String(params.plural);
          return (
            (await this.gate(request, plural)) ??
            this.list(
              request,
              plural,
              `${params.group}/${params.version}`,
              String(params.ns),
            )
          );
        },
      ),
      http.get(
        `${this.url}/apis/:group/:version/:plural`,
        async ({ request, params }) => {
          const plural = String(params.plural);
          return (
            (await this.gate(request, plural)) ??
            this.list(request, plural, `${params.group}/${params.version}`)
          );
        },
      ),
    ];
  }
}

export type FakeVaultKey = {
  currentVersion: number;
  updatedTime: string;
  createdTime?: string;
  customMetadata?: Record<string, string>;
};

export class FakeVault {
  readonly keys = new Map<string, FakeVaultKey>();
  calls: string[] = [];
  readonly tokens = new Set<string>(['root-token']);
  /** JWTs the Kubernetes auth method accepts, by role. */
  readonly jwts = new Map<string, string>([
    ['backstage-status', 'jwt-of-backstage'],
  ]);
  latencyMs = 0;

  constructor(
    readonly address = 'http://vault.test:8200',
    readonly kvMount = 'kv',
  ) {}

  /** Status reader settings for this Vault, signing in with its root token. */
  get config() {
    return {
      address: this.address,
      token: 'root-token',
      kvMount: this.kvMount,
    };
  }

  set(key: string, value: FakeVaultKey) {
    this.keys.set(key, value);
    return this;
  }

  handlers() {
    return [
      http.post(`${this.address}/v1/auth/:mount/login`, async ({ request }) => {
        this.calls.push(`POST ${new URL(request.url).pathname}`);
        const body = (await request.json()) as { role?: string; jwt?: string };
        if (!body.role || this.jwts.get(body.role) !== body.jwt) {
          return HttpResponse.json(
            { errors: ['permission denied'] },
            { status: 403 },
          );
        }
        const token = `s.k8s-${this.tokens.size}`;
        this.tokens.add(token);
        return HttpResponse.json({
          request_id: 'r',
          lease_id: '',
          renewable: false,
          lease_duration: 0,
          data: null,
          auth: {
            client_token: token,
            accessor: 'a',
            policies: ['default', 'certs-reader'],
            lease_duration: 3600,
            renewable: true,
          },
        });
      }),
      http.get(
        `${this.address}/v1/${this.kvMount}/metadata/*`,
        async ({ request }) => {
          const path = new URL(request.url).pathname;
          this.calls.push(`GET ${path}`);
          if (this.latencyMs)
            await new Promise(r => setTimeout(r, this.latencyMs));
          if (!this.tokens.has(request.headers.get('x-vault-token') ?? '')) {
            return HttpResponse.json(
              { errors: ['permission denied'] },
              { status: 403 },
            );
          }
          const key = decodeURIComponent(
            path.slice(`/v1/${this.kvMount}/metadata/`.length),
          );
          const k = this.keys.get(key);
          if (!k) return HttpResponse.json({ errors: [] }, { status: 404 });
          const versions: Record<string, unknown> = {};
          for (let v = 1; v <= k.currentVersion; v++) {
            versions[String(v)] = {
              created_time:
                v === k.currentVersion
                  ? k.updatedTime
                  : k.createdTime ?? k.updatedTime,
              deletion_time: '',
              destroyed: false,
            };
          }
          return HttpResponse.json({
            request_id: 'req',
            lease_id: '',
            renewable: false,
            lease_duration: 0,
            data: {
              cas_required: false,
              created_time: k.createdTime ?? k.updatedTime,
              current_version: k.currentVersion,
              custom_metadata: k.customMetadata ?? null,
              delete_version_after: '0s',
              max_versions: 0,
              oldest_version: 0,
              updated_time: k.updatedTime,
              versions,
            },
            wrap_info: null,
            warnings: null,
            auth: null,
          });
        },
      ),
    ];
  }
}

let uidCounter = 0;
const uid = () =>
  `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`;

const cond = (
  type: string,
  status: string,
  reason: string,
  message: string,
  at = '2025-05-01T10:00:00Z',
) => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: at,
  observedGeneration: 1,
});
export { cond };

export type CertificateScenario = {
  team: string;
  name: string;
  dnsNames?: string[];
  issuer?: string;
  revision?: number;
  certificateStatus?: Obj;
  certificateRequest?: { ready: Obj; createdAt?: string; revision?: number };
  order?: { state: string; reason?: string; failureTime?: string } | null;
  challenges?: Array<{
    dnsName: string;
    type?: 'DNS-01' | 'HTTP-01';
    state: string;
    reason: string;
    presented: boolean;
    processing: boolean;
  }>;
  pushSecret?: { ready: Obj } | null;
};

/** Objects as cert-manager and ESO leave them: Certificate → CertificateRequest → Order → Challenges, owner references and labels included. */
export function certificateObjects(
  s: CertificateScenario,
): Record<string, Obj[]> {
  const labels = {
    'app.kubernetes.io/managed-by': 'backstage-certificates',
    'certificates.backstage.io/team': s.team,
    'certificates.backstage.io/certificate': s.name,
    'backstage.io/kubernetes-id': s.team,
  };
  const dnsNames = s.dnsNames ?? [`${s.name}.${s.team}.example.com`];
  const certUid = uid();
  const certificate = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: {
      name: s.name,
      namespace: s.team,
      uid: certUid,
      creationTimestamp: '2025-02-01T09:00:00Z',
      generation: 1,
      resourceVersion: '1001',
      labels,
      annotations: {
        'certificates.backstage.io/request-names': dnsNames.join(','),
      },
      managedFields: [{ manager: 'argocd-controller', operation: 'Apply' }],
    },
    spec: {
      secretName: `${s.name}-tls`,
      dnsNames,
      issuerRef: {
        name: s.issuer ?? 'letsencrypt-prod',
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      duration: '2160h',
      renewBefore: '720h',
    },
    status: s.certificateStatus ?? {},
  };
  const out: Record<string, Obj[]> = {
    certificates: [certificate],
    certificaterequests: [],
    orders: [],
    challenges: [],
    pushsecrets: [],
    events: [],
  };
  if (s.certificateRequest) {
    const revision = s.certificateRequest.revision ?? (s.revision ?? 0) + 1;
    const crName = `${s.name}-${revision}`;
    const crUid = uid();
    out.certificaterequests.push({
      apiVersion: 'cert-manager.io/v1',
      kind: 'CertificateRequest',
      metadata: {
        name: crName,
        namespace: s.team,
        uid: crUid,
        creationTimestamp:
          s.certificateRequest.createdAt ?? '2025-05-01T10:00:00Z',
        labels,
        annotations: {
          'cert-manager.io/certificate-name': s.name,
          'cert-manager.io/certificate-revision': String(revision),
          'cert-manager.io/private-key-secret-name': `${s.name}-x7k2p`,
        },
        ownerReferences: [
          {
            apiVersion: 'cert-manager.io/v1',
            kind: 'Certificate',
            name: s.name,
            uid: certUid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        request: 'LS0tLS1CRUdJTi...',
        issuerRef: certificate.spec.issuerRef,
        duration: '2160h',
        usages: ['digital signature'],
      },
      status: {
        conditions: [
          cond(
            'Approved',
            'True',
            'cert-manager.io',
            'Certificate request has been approved by cert-manager.io',
          ),
          s.certificateRequest.ready,
        ],
      },
    });
    if (s.order) {
      const orderName = `${crName}-2845679313`;
      const orderUid = uid();
      out.orders.push({
        apiVersion: 'acme.cert-manager.io/v1',
        kind: 'Order',
        metadata: {
          name: orderName,
          namespace: s.team,
          uid: orderUid,
          creationTimestamp:
            s.certificateRequest.createdAt ?? '2025-05-01T10:00:00Z',
          labels,
          annotations: {
            'cert-manager.io/certificate-name': s.name,
            'cert-manager.io/certificate-revision': String(revision),
          },
          ownerReferences: [
            {
              apiVersion: 'cert-manager.io/v1',
              kind: 'CertificateRequest',
              name: crName,
              uid: crUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          request: 'LS0t',
          issuerRef: certificate.spec.issuerRef,
          dnsNames,
        },
        status: {
          state: s.order.state,
          ...(s.order.reason ? { reason: s.order.reason } : {}),
          ...(s.order.failureTime ? { failureTime: s.order.failureTime } : {}),
          url: 'https://acme-v02.api.letsencrypt.org/acme/order/1/2',
          finalizeURL: 'https://acme-v02.api.letsencrypt.org/acme/finalize/1/2',
          authorizations: dnsNames.map(d => ({
            identifier: d.replace(/^\*\./, ''),
            initialState: 'pending',
            url: 'https://acme/authz/1',
            wildcard: d.startsWith('*.'),
          })),
        },
      });
      (s.challenges ?? []).forEach((c, i) => {
        out.challenges.push({
          apiVersion: 'acme.cert-manager.io/v1',
          kind: 'Challenge',
          metadata: {
            name: `${orderName}-${1000 + i}`,
            namespace: s.team,
            uid: uid(),
            creationTimestamp: '2025-05-01T10:00:05Z',
            ownerReferences: [
              {
                apiVersion: 'acme.cert-manager.io/v1',
                kind: 'Order',
                name: orderName,
                uid: orderUid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: {
            type: c.type ?? 'DNS-01',
            dnsName: c.dnsName,
            wildcard: false,
            token: 'tok',
            key: 'key',
            url: 'https://acme/chall/1',
            authorizationURL: 'https://acme/authz/1',
            issuerRef: certificate.spec.issuerRef,
            solver: { dns01: { cloudflare: {} } },
          },
          status: {
            state: c.state,
            reason: c.reason,
            presented: c.presented,
            processing: c.processing,
          },
        });
      });
    }
  }
  if (s.pushSecret !== null) {
    out.pushsecrets.push({
      apiVersion: 'external-secrets.io/v1alpha1',
      kind: 'PushSecret',
      metadata: {
        name: s.name,
        namespace: s.team,
        uid: uid(),
        creationTimestamp: '2025-02-01T09:00:00Z',
        labels: {
          'app.kubernetes.io/managed-by': 'backstage-certificates',
          'certificates.backstage.io/team': s.team,
          'certificates.backstage.io/certificate': s.name,
        },
      },
      spec: {
        refreshInterval: '1h',
        secretStoreRefs: [{ name: 'vault', kind: 'SecretStore' }],
        selector: { secret: { name: `${s.name}-tls` } },
      },
      status: {
        conditions: [
          s.pushSecret?.ready ??
            cond('Ready', 'True', 'Synced', 'PushSecret synced successfully'),
        ],
        refreshTime: '2025-05-01T10:05:00Z',
        syncedResourceVersion: '1-abc',
      },
    });
  }
  return out;
}

export function addCertificate(cluster: FakeCluster, s: CertificateScenario) {
  for (const [plural, objs] of Object.entries(certificateObjects(s)))
    cluster.add(plural, ...objs);
}

export function clusterIssuer(
  name: string,
  ready: Obj = cond(
    'Ready',
    'True',
    'ACMEAccountRegistered',
    'The ACME account was registered with the ACME server',
  ),
) {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: {
      name,
      uid: uid(),
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { 'app.kubernetes.io/managed-by': 'backstage-certificates' },
    },
    spec: {
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'pki@example.com',
        privateKeySecretRef: { name: `${name}-account` },
        solvers: [],
      },
    },
    status: {
      acme: { uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1' },
      conditions: [ready],
    },
  };
}

export function tenantApplication(
  team: string,
  sync = 'Synced',
  health = 'Healthy',
  operation?: Obj,
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `tenant-${team}`,
      namespace: 'argocd',
      uid: uid(),
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { 'certificates.backstage.io/team': team },
    },
    spec: {
      project: `tenant-${team}`,
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: team,
      },
      source: {
        repoURL: 'https://github.com/example/platform-gitops.git',
        path: `tenants/${team}`,
      },
    },
    status: {
      sync: {
        status: sync,
        revision: '3f2c1a0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a',
      },
      health: { status: health },
      reconciledAt: '2025-05-01T10:10:00Z',
      operationState: operation ?? {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2025-05-01T09:59:00Z',
        finishedAt: '2025-05-01T09:59:30Z',
      },
      resources: [],
    },
  };
}

export function event(
  team: string,
  kind: string,
  name: string,
  reason: string,
  message: string,
  type = 'Normal',
) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${name}.17d2a${uid().slice(-6)}`,
      namespace: team,
      creationTimestamp: '2025-05-01T10:00:00Z',
    },
    involvedObject: {
      kind,
      name,
      namespace: team,
      apiVersion: 'cert-manager.io/v1',
    },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: '2025-05-01T10:00:00Z',
    lastTimestamp: '2025-05-01T10:00:00Z',
    source: { component: 'cert-manager-certificates-issuing' },
  };
}

export function storedRequest(
  team: string,
  certificateName: string,
  over: Partial<StoredCertificateRequest> = {},
): StoredCertificateRequest {
  return {
    id: `6f1c2d3e-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`,
    state: 'merged',
    team,
    certificateName,
    names: [`${certificateName}.${team}.example.com`],
    issuer: 'letsencrypt-prod',
    keyAlgorithm: 'ECDSA-P256',
    createdAt: '2025-01-31T12:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2025-02-01T08:00:00.000Z',
    pullRequest: {
      url: 'https://github.com/acme/platform-gitops/pull/12',
      number: 12,
      branch: `certificates/${team}/${certificateName}`,
      state: 'merged',
    },
    ...over,
  };
}

export function fakeStore(requests: StoredCertificateRequest[]) {
  return {
    calls: 0,
    async list(filter: { team?: string; states?: string[] }) {
      this.calls++;
      return requests.filter(
        r =>
          (!filter.team || r.team === filter.team) &&
          (!filter.states || filter.states.includes(r.state)),
      );
    },
  };
}

export function memoryCache() {
  return CacheManager.fromConfig(new ConfigReader({})).forPlugin(
    'certificates',
  );
}

/** Status of a Certificate issued once and healthy. */
export const ISSUED = {
  conditions: [
    cond(
      'Ready',
      'True',
      'Ready',
      'Certificate is up to date and has not expired',
    ),
  ],
  notBefore: '2025-05-01T09:00:00Z',
  notAfter: '2025-07-30T09:00:00Z',
  renewalTime: '2025-06-30T09:00:00Z',
  revision: 1,
};
/** Ready condition of a CertificateRequest whose certificate was issued. */
export const CR_ISSUED = cond(
  'Ready',
  'True',
  'Issued',
  'Certificate fetched from issuer successfully',
);

/** Status reader settings for tests and the benchmark; the parts that differ are passed in. */
export function statusConfig(
  overrides: Partial<StatusConfig> & Pick<StatusConfig, 'clusters'>,
): StatusConfig {
  return {
    vault: undefined,
    cacheTtlSeconds: 30,
    requestTimeoutMs: 2000,
    argocdNamespace: 'argocd',
    remoteKeyTemplate: 'certs/{team}/{certificate}',
    ...overrides,
  };
}

/**
 * A certificate issued once and healthy: Ready, its CertificateRequest issued,
 * its Order valid. `extra` adds or replaces parts of the scenario.
 */
export function addIssuedCertificate(
  cluster: FakeCluster,
  team: string,
  name: string,
  extra: Partial<CertificateScenario> = {},
) {
  addCertificate(cluster, {
    team,
    name,
    certificateStatus: ISSUED,
    certificateRequest: { ready: CR_ISSUED, revision: 1 },
    order: { state: 'valid' },
    ...extra,
  });
}
