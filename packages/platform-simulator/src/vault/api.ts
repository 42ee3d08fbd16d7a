import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, RouteHandler, sendJson } from '../http';

const envelope = (data: unknown) => ({
  request_id: '00000000-0000-0000-0000-000000000000',
  lease_id: '',
  renewable: false,
  lease_duration: 0,
  data,
  wrap_info: null,
  warnings: null,
  auth: null,
});

/** Vault's Kubernetes auth method: one role, bound to the service account token the cluster issues. */
export type VaultKubernetesAuth = {
  mountPath: string;
  role: string;
  jwt: string;
};

/** `POST /v1/auth/<mount>/login` `{ role, jwt }`: a client token for the role's service account. */
async function kubernetesLogin(
  req: IncomingMessage,
  res: ServerResponse,
  auth: VaultKubernetesAuth,
  tokens: Set<string>,
) {
  let body: { role?: string; jwt?: string };
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    sendJson(res, 400, { errors: ['failed to parse JSON input'] });
    return;
  }
  if (!body.role) {
    sendJson(res, 400, { errors: ['missing role'] });
    return;
  }
  if (body.role !== auth.role) {
    sendJson(res, 400, { errors: [`invalid role name "${body.role}"`] });
    return;
  }
  if (body.jwt !== auth.jwt) {
    sendJson(res, 403, { errors: ['permission denied'] });
    return;
  }
  const token = `hvs.${randomBytes(18).toString('base64url')}`;
  tokens.add(token);
  sendJson(res, 200, {
    ...envelope(null),
    auth: {
      client_token: token,
      accessor: randomBytes(12).toString('base64url'),
      policies: ['default', auth.role],
      token_policies: ['default', auth.role],
      metadata: { role: auth.role, service_account_name: 'backstage' },
      lease_duration: 3600,
      renewable: true,
      entity_id: '',
      token_type: 'service',
      orphan: true,
    },
  });
}
import { VaultKv } from './kv';

/**
 * The simulated Vault's HTTP API: `sys/health`, and the KV v2 `metadata`
 * and `data` reads of one mount, with Vault's own bodies and errors
 * (`{"errors":[]}` 404 for a missing key, `permission denied` 403 for a
 * wrong token).
 */
export function vaultApiHandler(options: {
  kv: VaultKv;
  mount: string;
  /** Tokens accepted: a static one and those the Kubernetes login issued. */
  tokens: Set<string>;
  kubernetesAuth?: VaultKubernetesAuth;
  onCall?: (call: string) => void;
}): RouteHandler {
  const { kv, mount } = options;
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/v1/')) return false;
    options.onCall?.(`${req.method} ${url.pathname}`);
    const auth = options.kubernetesAuth;
    if (
      auth &&
      req.method === 'POST' &&
      url.pathname === `/v1/auth/${auth.mountPath}/login`
    ) {
      await kubernetesLogin(req, res, auth, options.tokens);
      return true;
    }
    if (url.pathname === '/v1/sys/health') {
      sendJson(res, 200, {
        initialized: true,
        sealed: false,
        standby: false,
        performance_standby: false,
        server_time_utc: Math.floor(Date.now() / 1000),
        version: '1.17.0',
        cluster_name: 'platform-simulator',
      });
      return true;
    }
    if (!options.tokens.has(String(req.headers['x-vault-token'] ?? ''))) {
      sendJson(res, 403, { errors: ['permission denied'] });
      return true;
    }
    const match = new RegExp(`^/v1/${mount}/(metadata|data)/(.+)$`).exec(
      url.pathname,
    );
    if (!match || req.method !== 'GET') {
      sendJson(res, 404, { errors: [] });
      return true;
    }
    const key = match[2].split('/').map(decodeURIComponent).join('/');
    const entry = kv.get(key);
    if (!entry) {
      sendJson(res, 404, { errors: [] });
      return true;
    }
    if (match[1] === 'metadata') {
      sendJson(
        res,
        200,
        envelope({
          cas_required: false,
          created_time: entry.created_time,
          current_version: entry.current_version,
          custom_metadata: entry.custom_metadata,
          delete_version_after: '0s',
          max_versions: 0,
          oldest_version: 0,
          updated_time: entry.updated_time,
          versions: entry.versions,
        }),
      );
    } else {
      const version = entry.versions[String(entry.current_version)];
      sendJson(
        res,
        200,
        envelope({
          data: entry.data,
          metadata: {
            created_time: version.created_time,
            custom_metadata: entry.custom_metadata,
            deletion_time: '',
            destroyed: false,
            version: entry.current_version,
          },
        }),
      );
    }
    return true;
  };
}
