import { parseDuration, kubeTime } from '../durations';
import { Faults } from '../faults';
import { EventRecorder } from '../kube/events';
import { KubeObject, ObjectStore } from '../kube/store';
import { VaultKv } from '../vault/kv';
import { setCondition } from './conditions';

type PushData = Array<{
  match?: {
    secretKey?: string;
    remoteRef?: { remoteKey?: string; property?: string };
  };
}>;

/** The Vault keys a PushSecret writes, with the Secret keys each property takes. */
function remoteKeysOf(
  ps: KubeObject,
): Map<string, Array<{ secretKey: string; property: string }>> {
  const out = new Map<string, Array<{ secretKey: string; property: string }>>();
  for (const d of (ps.spec?.data ?? []) as PushData) {
    const remoteKey = d.match?.remoteRef?.remoteKey;
    const secretKey = d.match?.secretKey;
    if (!remoteKey || !secretKey) continue;
    out.set(remoteKey, [
      ...(out.get(remoteKey) ?? []),
      { secretKey, property: d.match?.remoteRef?.property ?? secretKey },
    ]);
  }
  return out;
}

/**
 * External Secrets' PushSecret controller with a Vault SecretStore: pushes
 * the selected Secret's keys to KV v2 when the Secret changed and every
 * `refreshInterval`, writing a new version only when the data differs (as
 * the Vault provider does); `deletionPolicy: Delete` removes the key with
 * the PushSecret. Faults: `pushsecret-failing` (Vault answers 403) and
 * `vault-stale` (the push is lost, the PushSecret still reports Synced).
 */
export class EsoController {
  /** Vault keys of each PushSecret seen, to delete them when it goes. */
  private readonly owned = new Map<string, string[]>();
  /** When each PushSecret last pushed (simulated ms). */
  private readonly lastPush = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly kv: VaultKv,
    private readonly events: EventRecorder,
    private readonly faults: Faults,
    private readonly vaultAddress: string,
    private readonly kvMount: string,
  ) {}

  reconcile(now: number): void {
    const seen = new Set<string>();
    for (const ps of this.store.list('pushsecrets')) {
      const id = `${ps.metadata.namespace}/${ps.metadata.name}`;
      seen.add(id);
      const keys = remoteKeysOf(ps);
      if (ps.spec?.deletionPolicy === 'Delete')
        this.owned.set(id, [...keys.keys()]);
      this.push(ps, id, keys, now);
    }
    for (const [id, keys] of this.owned) {
      if (seen.has(id)) continue;
      for (const key of keys) this.kv.deleteMetadata(key);
      this.owned.delete(id);
      this.lastPush.delete(id);
    }
  }

  private push(
    ps: KubeObject,
    id: string,
    keys: ReturnType<typeof remoteKeysOf>,
    now: number,
  ) {
    const names = [id, ps.metadata.name, ps.metadata.namespace];
    const secretName = ps.spec?.selector?.secret?.name;
    const secret = this.store.get(
      'secrets',
      ps.metadata.namespace,
      secretName ?? '',
    );
    if (!secret) {
      this.setReady(ps, false, 'Errored', 'could not get source secret', now);
      return;
    }
    const refreshMs = parseDuration(ps.spec?.refreshInterval) ?? 3_600_000;
    const changed =
      ps.status?.syncedResourceVersion !==
      `${ps.metadata.generation}-${secret.metadata.resourceVersion}`;
    const due = now - (this.lastPush.get(id) ?? -Infinity) >= refreshMs;
    if (!changed && !due && ps.status?.conditions) return;
    if (this.faults.has('pushsecret-failing', ...names)) {
      const [remoteKey, props] = [...keys.entries()][0] ?? [
        '',
        [{ property: '' }],
      ];
      this.setReady(
        ps,
        false,
        'Errored',
        `set secret failed: could not write remote ref ${props[0].property} to target secretstore vault: Error making API request.\n\nURL: PUT ${this.vaultAddress}/v1/${this.kvMount}/data/${remoteKey}\nCode: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n`,
        now,
      );
      return;
    }
    this.lastPush.set(id, now);
    if (!this.faults.has('vault-stale', ...names)) {
      const data = (secret.data ?? {}) as Record<string, string>;
      for (const [remoteKey, props] of keys) {
        const value: Record<string, string> = {};
        for (const p of props)
          value[p.property] = Buffer.from(
            data[p.secretKey] ?? '',
            'base64',
          ).toString('utf8');
        const current = this.kv.get(remoteKey);
        if (JSON.stringify(current?.data) !== JSON.stringify(value))
          this.kv.write(remoteKey, value, { 'managed-by': 'external-secrets' });
      }
    }
    this.setReady(ps, true, 'Synced', 'PushSecret synced successfully', now, {
      refreshTime: kubeTime(now),
      syncedResourceVersion: `${ps.metadata.generation}-${secret.metadata.resourceVersion}`,
      syncedPushSecrets: {
        'SecretStore/vault': Object.fromEntries(
          [...keys].flatMap(([remoteKey, props]) =>
            props.map(p => [
              `${remoteKey}/${p.property}`,
              {
                match: {
                  secretKey: p.secretKey,
                  remoteRef: { remoteKey, property: p.property },
                },
              },
            ]),
          ),
        ),
      },
    });
  }

  private setReady(
    ps: KubeObject,
    ready: boolean,
    reason: string,
    message: string,
    now: number,
    extra: Record<string, unknown> = {},
  ) {
    const before = ps.status?.conditions?.[0];
    const conditions = setCondition(
      ps.status?.conditions,
      { type: 'Ready', status: ready ? 'True' : 'False', reason, message },
      now,
    );
    this.store.setStatus('pushsecrets', ps, {
      ...ps.status,
      ...extra,
      conditions,
    });
    if (before?.message !== message || (ready && extra.refreshTime))
      this.events.record(ps, ready ? 'Normal' : 'Warning', reason, message);
  }
}
