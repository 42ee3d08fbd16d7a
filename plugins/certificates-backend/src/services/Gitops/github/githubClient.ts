import { LoggerService } from '@backstage/backend-plugin-api';
import { retry } from '@octokit/plugin-retry';
import { throttling, ThrottlingOptions } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

/** A plugin as the @octokit/core of @octokit/rest declares it. */
type RestOctokitPlugin = Parameters<typeof Octokit.plugin>[number];
// The plugins' types name the hoisted (older) @octokit/core, not the one @octokit/rest uses: same runtime API.
const GitopsOctokit = Octokit.plugin(
  throttling as RestOctokitPlugin,
  retry as RestOctokitPlugin,
) as typeof Octokit;
export type GithubClient = InstanceType<typeof Octokit>;

/** How hard the client tries before a step fails (the resume task retries later). */
export type GithubClientTuning = {
  /**
   * Milliseconds per second of `retry-after`, `x-ratelimit-reset` and the
   * retry plugin's backoff: 1000 in production, tiny in tests so that a
   * `retry-after: 60` waits 60 ms instead of a minute.
   */
  retryAfterUnitMs?: number;
  /** Retries of a read (5xx, connection reset, timeout). Writes are never retried blindly. */
  retries?: number;
  /** Retries after a primary or secondary rate limit. */
  rateLimitRetries?: number;
  /** A rate limit asking to wait longer than this fails the attempt instead of blocking. */
  maxRateLimitWaitSeconds?: number;
  /** Per HTTP attempt. */
  requestTimeoutMs?: number;
  /**
   * GitHub asks integrations to space their writes (one per second), which
   * the throttling plugin does by default. Tests turn it off.
   */
  spaceWrites?: boolean;
};

/** The throttling plugin's limiter group (a Bottleneck.Group). */
type LimiterGroup = NonNullable<ThrottlingOptions['write']>;

/**
 * A limiter group that does not limit, for `spaceWrites: false`. The plugin
 * only calls `key(id).schedule(...)`, so this stub is all of a Bottleneck.Group
 * it needs; the cast says so (bottleneck is not a dependency of this package).
 */
const unlimited = {
  key: () => ({
    schedule: (...args: unknown[]) => {
      const fn = (typeof args[0] === 'function' ? args[0] : args[1]) as (
        ...a: unknown[]
      ) => unknown;
      const rest =
        typeof args[0] === 'function' ? args.slice(1) : args.slice(2);
      return Promise.resolve(fn(...rest));
    },
  }),
} as unknown as LimiterGroup;

export function createGithubClient(options: {
  baseUrl: string;
  logger: LoggerService;
  /** Resolves the Authorization headers for each top-level call. */
  headers: () => Promise<Record<string, string>>;
  tuning?: GithubClientTuning;
}): GithubClient {
  const tuning = options.tuning ?? {};
  const unit = tuning.retryAfterUnitMs ?? 1000;
  const rateLimitRetries = tuning.rateLimitRetries ?? 2;
  const maxWait = tuning.maxRateLimitWaitSeconds ?? 120;
  const timeoutMs = tuning.requestTimeoutMs ?? 30_000;
  const { logger } = options;

  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method?: string; url?: string },
      _o: unknown,
      retryCount: number,
    ) => {
      const retryIt = retryCount < rateLimitRetries && retryAfter <= maxWait;
      logger.warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ${
          retryIt
            ? `retrying in ${retryAfter}s`
            : `giving up (retry ${retryCount}, asked to wait ${retryAfter}s)`
        }`,
      );
      return retryIt;
    };

  const octokit = new GitopsOctokit({
    baseUrl: options.baseUrl,
    userAgent: 'backstage-plugin-certificates',
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    request: {
      // A timeout per attempt, so a retried read gets a fresh one.
      fetch: (url: string, init?: RequestInit) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal
          ? AbortSignal.any([init.signal, timeout])
          : timeout;
        return globalThis.fetch(url, { ...init, signal });
      },
    },
    throttle: {
      id: `certificates-${options.baseUrl}`,
      retryAfterBaseValue: unit,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(tuning.spaceWrites === false
        ? { write: unlimited, notifications: unlimited }
        : {}),
    } satisfies ThrottlingOptions,
    retry: {
      retries: tuning.retries ?? 3,
      retryAfterBaseValue: Math.max(1, Math.round(unit / 4)),
    },
  });

  // Outermost hook: runs once per call, before the plugins' retries.
  octokit.hook.before('request', async requestOptions => {
    Object.assign(requestOptions.headers, await options.headers());
  });
  return octokit;
}
