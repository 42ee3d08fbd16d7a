import {
  ApiException,
  createConfiguration,
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  HttpLibrary,
  KubeConfig,
  Observable,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { StatusClusterConfig } from '../config';

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

/**
 * The generated API clients for one cluster, authenticated with its service
 * account token. Every request carries its own timeout, so one hung
 * cluster cannot hold a status read past `requestTimeoutMs`.
 */
export function createClusterApis(
  cluster: StatusClusterConfig,
  options: { requestTimeoutMs: number; httpApi?: HttpLibrary },
): { custom: CustomObjectsApi; core: CoreV1Api; apis: ApisApi } {
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
  return {
    custom: new CustomObjectsApi(configuration),
    core: new CoreV1Api(configuration),
    apis: new ApisApi(configuration),
  };
}
