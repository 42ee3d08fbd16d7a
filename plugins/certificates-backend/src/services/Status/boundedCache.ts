/** Limits of one in-process cache: the least recently used entries go first. */
export type CacheLimits = {
  maxEntries: number;
  /** Sum of the entries' sizes, as measured by the caller (serialised bytes). */
  maxBytes: number;
};

export const DEFAULT_CACHE_LIMITS: CacheLimits = {
  maxEntries: 500,
  maxBytes: 128 * 1024 * 1024,
};

/**
 * A Map bounded by entry count and total size, evicting the least recently
 * used entry first. An entry larger than `maxBytes` is not kept at all.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private bytes = 0;

  constructor(private readonly limits: CacheLimits) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size: number): void {
    this.delete(key);
    if (size > this.limits.maxBytes) return;
    this.entries.set(key, { value, size });
    this.bytes += size;
    while (
      this.entries.size > this.limits.maxEntries ||
      this.bytes > this.limits.maxBytes
    ) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}

/** Serialised size of a JSON value in bytes: what it costs in a shared cache too. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
