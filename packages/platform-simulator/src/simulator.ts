import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { LocalCa } from './ca';
import { SimulatorClock } from './clock';
import { controlHandler } from './control';
import { ArgoCdController } from './controllers/argocd';
import {
  AcmeTimings,
  CertManagerController,
  DEFAULT_TIMINGS,
} from './controllers/certManager';
import { EsoController } from './controllers/eso';
import { Faults } from './faults';
import { readRevision } from './gitops/repository';
import { RouteHandler, sendJson } from './http';
import { kubeApiHandler } from './kube/api';
import { EventRecorder } from './kube/events';
import { ObjectStore } from './kube/store';
import { AcmeCalls, collectMetrics, formatMetrics } from './metrics';
import { dnsProviderError, providerFor } from './providerErrors';
import { vaultApiHandler, VaultKubernetesAuth } from './vault/api';
import { VaultKv } from './vault/kv';

export type PlatformSimulatorOptions = {
  /** The local GitOps repository Argo CD follows. */
  gitopsPath: string;
  branch?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Bearer tokens the Kubernetes API accepts (the configured service accounts'). */
  clusterTokens: string[];
  /** A static Vault token the API accepts (tests); the backend's config may use Kubernetes auth instead. */
  vaultToken?: string;
  /** Vault's Kubernetes auth method, accepting the cluster's service account token. */
  vaultKubernetesAuth?: VaultKubernetesAuth;
  kvMount?: string;
  argocdNamespace?: string;
  /** ClusterIssuers installed before any commit, as the platform bundle would have them. */
  issuers?: Array<{ name: string; server: string; email?: string }>;
  /** Zones and their DNS provider type, for the providers' error texts. */
  zones?: Array<{ domain: string; provider?: string }>;
  clock?: SimulatorClock;
  timings?: AcmeTimings;
  /** Where the simulator says what it applies (the CLI: stdout). */
  log?: (message: string) => void;
  /** Real milliseconds between controller passes when running (default 500). */
  tickMs?: number;
};

export type PlatformSimulator = {
  url: string;
  clock: SimulatorClock;
  faults: Faults;
  store: ObjectStore;
  vault: VaultKv;
  /** Every Kubernetes and Vault call received, as `METHOD path?query`. */
  calls: string[];
  /** Reads the repository once and runs every controller once. */
  step(): Promise<void>;
  /** Runs the controllers without reading the repository (the year benchmark's inner loop). */
  reconcile(): Promise<void>;
  metrics(): string;
  close(): Promise<void>;
};

/** What the platform bundle installs before any tenant: namespaces and the ACME ClusterIssuers. */
function installPlatform(
  store: ObjectStore,
  argocdNamespace: string,
  issuers: NonNullable<PlatformSimulatorOptions['issuers']>,
) {
  for (const ns of [argocdNamespace, 'cert-manager', 'external-secrets'])
    store.create('namespaces', { metadata: { name: ns } });
  for (const issuer of issuers)
    store.create('clusterissuers', {
      metadata: {
        name: issuer.name,
        labels: { 'app.kubernetes.io/managed-by': 'backstage-certificates' },
      },
      spec: {
        acme: {
          server: issuer.server,
          email: issuer.email,
          privateKeySecretRef: { name: `${issuer.name}-account-key` },
          solvers: [{ dns01: {} }],
        },
      },
    });
}

async function listen(
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(port, host, resolve));
  return {
    server,
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
  };
}

/** Hands each request to the first handler that takes it. */
function dispatch(base: string, handlers: RouteHandler[]) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', base);
      for (const handle of handlers) if (await handle(req, res, url)) return;
      sendJson(res, 404, {
        error: `${req.method} ${url.pathname}: not served by the platform simulator`,
      });
    } catch (error) {
      if (!res.headersSent)
        sendJson(res, 500, { error: String((error as Error).message) });
    }
  };
}

/** Runs `step` now and then every `tickMs` until stopped. */
async function startLoop(step: () => Promise<void>, tickMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const loop = async () => {
    const started = Date.now();
    await step().catch(error =>
      process.stderr.write(`platform-simulator: ${(error as Error).message}\n`),
    );
    if (Date.now() - started > 10_000)
      process.stderr.write(
        `platform-simulator: a pass took ${Date.now() - started} ms\n`,
      );
    if (!stopped) timer = setTimeout(loop, tickMs);
  };
  await loop();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Argo CD, cert-manager and ESO over the store, and one pass of all three. */
function createControllers(deps: {
  store: ObjectStore;
  kv: VaultKv;
  faults: Faults;
  acme: AcmeCalls;
  ca: LocalCa;
  now: () => number;
  url: string;
  kvMount: string;
  argocdNamespace: string;
  options: PlatformSimulatorOptions;
}) {
  const { store, kv, faults, acme, ca, now, url, kvMount, options } = deps;
  const argocd = new ArgoCdController(store, faults, {
    namespace: deps.argocdNamespace,
    repoURL: `file://${options.gitopsPath}`,
  });
  const certManager = new CertManagerController({
    store,
    faults,
    ca,
    events: new EventRecorder(store, now, 'cert-manager'),
    timings: options.timings ?? DEFAULT_TIMINGS,
    providerError: dnsName =>
      dnsProviderError(providerFor(options.zones ?? [], dnsName), dnsName),
    acmeCall: (s, p, m, st) => acme.add(s, p, m, st),
  });
  const esoEvents = new EventRecorder(store, now, 'pushsecret');
  const eso = new EsoController(store, kv, esoEvents, faults, url, kvMount);

  const reconcile = async () => {
    const t = now();
    argocd.reconcile(t);
    await certManager.reconcile(t);
    eso.reconcile(t);
    esoEvents.expire();
  };
  return { argocd, certManager, reconcile };
}

/**
 * Starts the simulated cluster and Vault on one HTTP port and, unless
 * `run: false`, a loop that follows the repository and runs the
 * controllers every `tickMs`.
 */
export async function createPlatformSimulator(
  options: PlatformSimulatorOptions,
  run = true,
): Promise<PlatformSimulator> {
  const clock = options.clock ?? new SimulatorClock();
  const now = () => clock.now();
  const store = new ObjectStore(now);
  const kv = new VaultKv(now);
  const faults = new Faults();
  const acme = new AcmeCalls();
  const kvMount = options.kvMount ?? 'kv';
  const argocdNamespace = options.argocdNamespace ?? 'argocd';
  const calls: string[] = [];
  const ca = await LocalCa.create(now());
  installPlatform(store, argocdNamespace, options.issuers ?? []);

  const { server, url } = await listen(
    options.port ?? 0,
    options.host ?? '127.0.0.1',
  );

  const { argocd, certManager, reconcile } = createControllers({
    store,
    kv,
    faults,
    acme,
    ca,
    now,
    url,
    kvMount,
    argocdNamespace,
    options,
  });

  let running: Promise<void> | undefined;
  const step = () => {
    // One pass at a time: the loop, a clock jump and a fault all call step.
    running ??= (async () => {
      try {
        const revision = await readRevision(
          options.gitopsPath,
          options.branch ?? 'main',
          argocd.syncedRevision,
        );
        if (revision && revision.sha !== argocd.syncedRevision) {
          argocd.setRevision(revision);
          options.log?.(
            `applying ${revision.sha.slice(0, 7)} (${
              revision.manifests.length
            } manifests)`,
          );
        }
        await reconcile();
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const metrics = () => formatMetrics(collectMetrics(store, acme));
  const handlers: RouteHandler[] = [
    kubeApiHandler({
      store,
      tokens: () => options.clusterTokens,
      onCall: c => calls.push(c),
      serverAddress: url,
    }),
    vaultApiHandler({
      kv,
      mount: kvMount,
      tokens: new Set(options.vaultToken ? [options.vaultToken] : []),
      kubernetesAuth: options.vaultKubernetesAuth,
      onCall: c => calls.push(c),
    }),
    controlHandler({
      clock,
      faults,
      metrics,
      step,
      state: () => ({
        simulated: true,
        now: new Date(now()).toISOString(),
        rate: clock.rate,
        revision: argocd.syncedRevision ?? null,
        faults: faults.list(),
        certificates: store.list('certificates').length,
        issuing: certManager.inFlight,
        vaultKeys: kv.keys.size,
      }),
    }),
  ];
  server.on('request', dispatch(url, handlers));

  const loop = run ? await startLoop(step, options.tickMs ?? 500) : undefined;
  return {
    url,
    clock,
    faults,
    store,
    vault: kv,
    calls,
    step,
    reconcile,
    metrics,
    async close() {
      loop?.stop();
      await running?.catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
