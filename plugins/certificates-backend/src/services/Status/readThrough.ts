import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { jsonBytes } from './boundedCache';
import { describeError } from './kubernetes';

/** A snapshot this instance read or wrote, until it expires. */
export type LocalEntry = { value: unknown; expiresAt: number };

/**
 * The status cache read-through: this instance's memory first (warm reads
 * skip deserializing megabytes), then the shared cache, then `load` with
 * one in-flight load per key, so concurrent viewers share one upstream
 * read. Cache failures only warn: the status is then read upstream rather
 * than not shown.
 */
export function createReadThrough(options: {
  local: {
    get(key: string): LocalEntry | undefined;
    set(key: string, entry: LocalEntry, size: number): void;
    delete(key: string): void;
  };
  cache: CacheService;
  logger: LoggerService;
  ttlMs: number;
}) {
  const { local, cache, logger, ttlMs } = options;
  const inflight = new Map<string, Promise<unknown>>();

  return async function cached<T>(
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const mine = local.get(key);
    if (mine && mine.expiresAt > Date.now()) return mine.value as T;
    local.delete(key);
    try {
      const hit = await cache.get(key);
      if (hit !== undefined) {
        // Another instance loaded it: keep it locally for a fraction of the TTL.
        local.set(
          key,
          { value: hit, expiresAt: Date.now() + ttlMs / 3 },
          jsonBytes(hit),
        );
        return hit as unknown as T;
      }
    } catch (error) {
      logger.warn(
        `certificate status cache read failed: ${describeError(error)}`,
      );
    }
    const running = inflight.get(key);
    if (running) return running as Promise<T>;
    const promise = (async () => {
      try {
        const value = await load();
        local.set(
          key,
          { value, expiresAt: Date.now() + ttlMs },
          jsonBytes(value),
        );
        try {
          await cache.set(key, value as unknown as JsonValue, { ttl: ttlMs });
        } catch (error) {
          logger.warn(
            `certificate status cache write failed: ${describeError(error)}`,
          );
        }
        return value;
      } finally {
        inflight.delete(key);
      }
    })();
    inflight.set(key, promise);
    return promise;
  };
}
