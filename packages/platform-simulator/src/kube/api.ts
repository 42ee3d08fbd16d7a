import { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, RouteHandler, sendJson } from '../http';
import { apiGroupList, apiResourceList, apiVersions } from './discovery';
import { parseLabelSelector } from './selectors';
import { sendStatus } from './status';
import { apiVersionOf, Plural, resourceAt, ResourceType } from './resources';
import { KubeObject, ObjectStore } from './store';

type Target = {
  resource: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
};

/** `/api/v1/...` or `/apis/<group>/<version>/...` → what it addresses. */
function parsePath(segments: string[]): Target | undefined {
  let group = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  }
  let namespace: string | undefined;
  // `namespaces/<ns>/<plural>...`; `namespaces` alone or `namespaces/<name>` is the Namespace kind.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const resource = resourceAt(group, version, rest[0]);
  if (!resource || rest.length > 3) return undefined;
  if (namespace !== undefined && !resource.namespaced) return undefined;
  return { resource, namespace, name: rest[1], subresource: rest[2] };
}

type ContinueToken = { start: number; rv: string };

const encodeContinue = (t: ContinueToken) =>
  Buffer.from(JSON.stringify(t)).toString('base64url');

function decodeContinue(token: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Number.isInteger(t.start) && t.start >= 0 ? t : undefined;
  } catch {
    return undefined;
  }
}

const qualified = (r: ResourceType) =>
  r.group ? `${r.plural}.${r.group}` : r.plural;

/**
 * The Kubernetes API server part of the simulator: discovery, GET and LIST
 * (label selectors, `limit` and `continue` paging, the list's
 * resourceVersion) of every served kind, and merge PATCH of status
 * subresources with resourceVersion preconditions. Requests need one of
 * the accepted bearer tokens.
 */
export function kubeApiHandler(options: {
  store: ObjectStore;
  tokens: () => string[];
  /** Every API request, as `METHOD path?query`, for call-count checks. */
  onCall?: (call: string) => void;
  serverAddress: string;
}): RouteHandler {
  const { store } = options;
  return async (req, res, url) => {
    const segments = url.pathname.split('/').filter(Boolean);
    if (segments[0] !== 'api' && segments[0] !== 'apis') return false;
    options.onCall?.(`${req.method} ${url.pathname}${url.search}`);
    const auth = req.headers.authorization ?? '';
    if (!options.tokens().some(t => auth === `Bearer ${t}`)) {
      sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
      return true;
    }
    if (req.method === 'GET' && discovery(segments, res, options.serverAddress))
      return true;
    const target = parsePath(segments);
    if (!target) {
      sendStatus(
        res,
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
      return true;
    }
    if (req.method === 'GET' && !target.name) {
      list(store, target, url, res);
    } else if (req.method === 'GET' && !target.subresource) {
      get(store, target, res);
    } else if (
      req.method === 'GET' &&
      target.subresource === 'status' &&
      target.resource.status
    ) {
      get(store, target, res);
    } else if (
      req.method === 'PATCH' &&
      target.subresource === 'status' &&
      target.resource.status
    ) {
      await patchStatus(store, target, req, res);
    } else {
      sendStatus(
        res,
        405,
        'MethodNotAllowed',
        `the simulator does not support ${req.method} on ${qualified(
          target.resource,
        )}${target.subresource ? `/${target.subresource}` : ''}`,
      );
    }
    return true;
  };
}

function discovery(segments: string[], res: ServerResponse, address: string) {
  const path = segments.join('/');
  if (path === 'apis') {
    sendJson(res, 200, apiGroupList());
    return true;
  }
  if (path === 'api') {
    sendJson(res, 200, apiVersions(address));
    return true;
  }
  let groupVersion: [string, string] | undefined;
  if (segments[0] === 'api' && segments.length === 2)
    groupVersion = ['', segments[1]];
  else if (segments[0] === 'apis' && segments.length === 3)
    groupVersion = [segments[1], segments[2]];
  if (!groupVersion) return false;
  const resources = apiResourceList(groupVersion[0], groupVersion[1]);
  if (resources) sendJson(res, 200, resources);
  else
    sendStatus(
      res,
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  return true;
}

function list(
  store: ObjectStore,
  target: Target,
  url: URL,
  res: ServerResponse,
) {
  const r = target.resource;
  const matches = parseLabelSelector(url.searchParams.get('labelSelector'));
  if (!matches) {
    sendStatus(
      res,
      400,
      'BadRequest',
      `unable to parse requirement: labelSelector ${url.searchParams.get(
        'labelSelector',
      )}`,
    );
    return;
  }
  const limit = Number(url.searchParams.get('limit') ?? 0);
  const token = url.searchParams.get('continue');
  const cont = token
    ? decodeContinue(token)
    : { start: 0, rv: store.resourceVersion };
  if (!cont) {
    sendStatus(
      res,
      400,
      'BadRequest',
      'continue key is not valid: illegal base64 data',
    );
    return;
  }
  // etcd returns keys in order: namespace, then name.
  const all = store
    .list(r.plural as Plural, target.namespace)
    .filter(o => matches(o.metadata.labels))
    .sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  const page =
    limit > 0
      ? all.slice(cont.start, cont.start + limit)
      : all.slice(cont.start);
  const next =
    limit > 0 && cont.start + limit < all.length
      ? cont.start + limit
      : undefined;
  sendJson(res, 200, {
    apiVersion: apiVersionOf(r),
    kind: `${r.kind}List`,
    metadata: {
      resourceVersion: cont.rv,
      ...(next !== undefined
        ? {
            continue: encodeContinue({ start: next, rv: cont.rv }),
            remainingItemCount: all.length - next,
          }
        : {}),
    },
    items: page,
  });
}

function get(store: ObjectStore, target: Target, res: ServerResponse) {
  const obj = store.get(
    target.resource.plural as Plural,
    target.namespace,
    target.name!,
  );
  if (!obj) {
    notFound(res, target);
    return;
  }
  sendJson(res, 200, obj);
}

function notFound(res: ServerResponse, target: Target) {
  const r = target.resource;
  sendStatus(
    res,
    404,
    'NotFound',
    `${qualified(r)} "${target.name}" not found`,
    {
      name: target.name,
      ...(r.group ? { group: r.group } : {}),
      kind: r.plural,
    },
  );
}

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

async function patchStatus(
  store: ObjectStore,
  target: Target,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const r = target.resource;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (type !== 'application/merge-patch+json') {
    const message =
      type === 'application/strategic-merge-patch+json'
        ? 'strategic merge patch is not supported for custom resources'
        : `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json (simulator)`;
    sendStatus(res, 415, 'UnsupportedMediaType', message);
    return;
  }
  let patch: { metadata?: { resourceVersion?: string }; status?: unknown };
  try {
    patch = JSON.parse(await readBody(req));
  } catch (error) {
    sendStatus(
      res,
      400,
      'BadRequest',
      `error decoding patch: ${(error as Error).message}`,
    );
    return;
  }
  const current = store.get(r.plural as Plural, target.namespace, target.name!);
  if (!current) {
    notFound(res, target);
    return;
  }
  const precondition = patch.metadata?.resourceVersion;
  if (precondition && precondition !== current.metadata.resourceVersion) {
    sendStatus(
      res,
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(r)} "${
        target.name
      }": the object has been modified; please apply your changes to the latest version and try again`,
      { name: target.name, group: r.group, kind: r.plural },
    );
    return;
  }
  // The status subresource ignores everything but status.
  const status = mergePatch(current.status ?? {}, patch.status ?? {});
  const updated: KubeObject = store.setStatus(
    r.plural as Plural,
    current,
    status as Record<string, unknown>,
  );
  sendJson(res, 200, updated);
}
