import { readFile } from 'node:fs/promises';
import { StatusVaultConfig } from './config';
import { isJsonObject, JsonObject, str, stringMap } from './resources';

/** KV v2 metadata of one key: never the secret data. */
export type VaultKeyMetadata = {
  path: string;
  exists: boolean;
  currentVersion?: number;
  updatedTime?: string;
  createdTime?: string;
  customMetadata?: Record<string, string>;
  /** Set when the metadata could not be read (other than "does not exist"). */
  error?: string;
};

export class VaultError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'VaultError';
  }
}

type Token = { value: string; expiresAt: number };

/**
 * Reads KV v2 metadata (`GET /v1/<mount>/metadata/<key>`) with a static token
 * or a Kubernetes-auth login (`POST /v1/auth/<mount>/login`), renewing the
 * login before its lease ends and once on 403.
 */
export class VaultMetadataClient {
  private token?: Token;
  private login?: Promise<Token>;

  constructor(
    private readonly config: StatusVaultConfig,
    private readonly options: {
      requestTimeoutMs: number;
      readJwt?: (path: string) => Promise<string>;
    },
  ) {}

  private headers(token?: string): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (token) h['x-vault-token'] = token;
    if (this.config.namespace) h['x-vault-namespace'] = this.config.namespace;
    return h;
  }

  private async getToken(force = false): Promise<string> {
    if (this.config.token) return this.config.token;
    const k8s = this.config.kubernetes!;
    if (!force && this.token && this.token.expiresAt > Date.now())
      return this.token.value;
    if (!this.login || force) {
      this.login = (async () => {
        const readJwt =
          this.options.readJwt ?? ((p: string) => readFile(p, 'utf8'));
        const jwt = (await readJwt(k8s.jwtPath)).trim();
        const res = await fetch(
          `${this.config.address}/v1/auth/${k8s.mountPath}/login`,
          {
            method: 'POST',
            headers: { ...this.headers(), 'content-type': 'application/json' },
            body: JSON.stringify({ role: k8s.role, jwt }),
            signal: AbortSignal.timeout(this.options.requestTimeoutMs),
          },
        );
        const body: unknown = await res.json().catch(() => ({}));
        const auth = field(body, 'auth');
        if (!res.ok || !auth?.client_token) {
          throw new VaultError(
            `Vault Kubernetes login (role ${k8s.role}) failed: HTTP ${
              res.status
            }${vaultErrors(body)}`,
            res.status,
          );
        }
        const lease = Number(auth.lease_duration) || 300;
        const token = {
          value: String(auth.client_token),
          expiresAt: Date.now() + lease * 800,
        };
        this.token = token;
        return token;
      })().finally(() => {
        this.login = undefined;
      });
    }
    return (await this.login).value;
  }

  /** `key` is below the KV mount, e.g. `certs/team-a/api-example-com`. */
  async metadata(key: string): Promise<VaultKeyMetadata> {
    const path = `${this.config.kvMount}/${key}`;
    const url = `${this.config.address}/v1/${this.config.kvMount}/metadata/${key
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.getToken(attempt > 0);
      const res = await fetch(url, {
        headers: this.headers(token),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      if (res.status === 404) {
        await res.text().catch(() => undefined);
        return { path, exists: false };
      }
      const body: unknown = await res.json().catch(() => undefined);
      if (res.status === 403 && attempt === 0 && !this.config.token) continue;
      if (!res.ok)
        throw new VaultError(
          `Vault metadata ${path}: HTTP ${res.status}${vaultErrors(body)}`,
          res.status,
        );
      const data = field(body, 'data') ?? {};
      const current = Number(data.current_version);
      const version = field(field(data, 'versions'), String(current));
      return {
        path,
        exists: true,
        currentVersion: Number.isFinite(current) ? current : undefined,
        updatedTime: str(data.updated_time) ?? str(version?.created_time),
        createdTime: str(data.created_time),
        customMetadata: stringMap(data.custom_metadata),
      };
    }
  }
}

/** `o[key]` when both are JSON objects (Vault answers are parsed JSON, unchecked). */
function field(o: unknown, key: string): JsonObject | undefined {
  const v = isJsonObject(o) ? o[key] : undefined;
  return isJsonObject(v) ? v : undefined;
}

function vaultErrors(body: unknown): string {
  const errors = isJsonObject(body) ? body.errors : undefined;
  return Array.isArray(errors) && errors.length ? `: ${errors.join('; ')}` : '';
}
