import { RouteHandler, sendJson } from '../http';
import { VaultKv } from './kv';

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

/**
 * The simulated Vault's HTTP API: `sys/health`, and the KV v2 `metadata`
 * and `data` reads of one mount, with Vault's own bodies and errors
 * (`{"errors":[]}` 404 for a missing key, `permission denied` 403 for a
 * wrong token).
 */
export function vaultApiHandler(options: {
  kv: VaultKv;
  mount: string;
  token: () => string;
  onCall?: (call: string) => void;
}): RouteHandler {
  const { kv, mount } = options;
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/v1/')) return false;
    options.onCall?.(`${req.method} ${url.pathname}`);
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
    if (req.headers['x-vault-token'] !== options.token()) {
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
