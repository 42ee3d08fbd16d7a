type Version = {
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
};

/** One KV v2 key: its versions' metadata and the current data. */
export type KvKey = {
  created_time: string;
  updated_time: string;
  current_version: number;
  versions: Record<string, Version>;
  custom_metadata: Record<string, string> | null;
  data: Record<string, string>;
};

/**
 * The KV v2 secrets engine of the simulated Vault: every write is a new
 * version with its created_time; deleting the metadata removes the key and
 * all its versions (what ESO's PushSecret `deletionPolicy: Delete` does).
 */
export class VaultKv {
  readonly keys = new Map<string, KvKey>();

  constructor(private readonly now: () => number) {}

  write(
    key: string,
    data: Record<string, string>,
    customMetadata?: Record<string, string>,
  ): number {
    const at = new Date(this.now()).toISOString();
    const existing = this.keys.get(key);
    const version = (existing?.current_version ?? 0) + 1;
    this.keys.set(key, {
      created_time: existing?.created_time ?? at,
      updated_time: at,
      current_version: version,
      versions: {
        ...existing?.versions,
        [String(version)]: {
          created_time: at,
          deletion_time: '',
          destroyed: false,
        },
      },
      custom_metadata: customMetadata ?? existing?.custom_metadata ?? null,
      data,
    });
    return version;
  }

  get(key: string): KvKey | undefined {
    return this.keys.get(key);
  }

  deleteMetadata(key: string): boolean {
    return this.keys.delete(key);
  }
}
