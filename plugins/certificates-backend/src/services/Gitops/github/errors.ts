import { GitopsConfigurationError } from '../types';

type GraphqlError = { type?: string; message?: string; path?: Array<string | number> };

/** What a failed GitHub call means for the caller. */
export type Failure =
  /** Bad credentials: refresh them once, then a configuration error. */
  | { kind: 'auth'; message: string }
  /** Retrying cannot help. */
  | { kind: 'config'; message: string }
  /** The request may or may not have been applied (5xx, timeout, connection reset): read before retrying. */
  | { kind: 'ambiguous'; message: string }
  /** `expectedHeadOid` or a fast-forward check failed: someone moved the branch. */
  | { kind: 'stale'; message: string }
  /** GitHub refused it (422 ...): the caller decides. */
  | { kind: 'rejected'; status: number; message: string }
  /** Anything else (rate limit exhausted ...): the resume task retries later. */
  | { kind: 'transient'; message: string };

function graphqlErrors(error: any): GraphqlError[] {
  return Array.isArray(error?.errors) ? error.errors : [];
}

/** The message of a REST or GraphQL error, including 422 `errors[].message`. */
export function describe(error: any): string {
  const data = error?.response?.data;
  const parts = [
    typeof data?.message === 'string' ? data.message : undefined,
    ...(Array.isArray(data?.errors) ? data.errors.map((e: any) => (typeof e === 'string' ? e : e?.message)) : []),
    ...graphqlErrors(error).map(e => e.message),
  ].filter((p): p is string => !!p);
  if (parts.length === 0) return error instanceof Error ? error.message : String(error);
  return [...new Set(parts)].join('; ');
}

export function classify(error: any, repo: string): Failure {
  const message = describe(error);
  const gql = graphqlErrors(error);
  if (gql.length > 0 && !(typeof error?.status === 'number')) {
    if (gql.some(e => e.type === 'NOT_FOUND' && e.path?.[0] === 'repository' && e.path.length === 1)) {
      return { kind: 'config', message: `repository ${repo} not found or not visible to the configured credentials` };
    }
    if (gql.some(e => e.type === 'FORBIDDEN' || /not accessible by integration/i.test(e.message ?? ''))) {
      return { kind: 'config', message: `the GitHub credentials may not write to ${repo}: ${message}` };
    }
    if (gql.some(e => e.type === 'STALE_DATA' || /expected branch to point to/i.test(e.message ?? ''))) {
      return { kind: 'stale', message };
    }
    if (gql.some(e => e.type === 'RATE_LIMITED')) return { kind: 'transient', message };
    if (gql.some(e => /something went wrong|timeout|timed out/i.test(e.message ?? ''))) return { kind: 'ambiguous', message };
    return { kind: 'rejected', status: 200, message };
  }
  const status: number | undefined = typeof error?.status === 'number' ? error.status : undefined;
  if (status === undefined || status >= 500 || error?.name === 'AbortError' || error?.name === 'TimeoutError') {
    return { kind: 'ambiguous', message };
  }
  if (status === 401) return { kind: 'auth', message: `GitHub rejected the credentials for ${repo}: ${message}` };
  if (status === 403) {
    if (/rate limit/i.test(message) || error?.response?.headers?.['x-ratelimit-remaining'] === '0') {
      return { kind: 'transient', message };
    }
    return { kind: 'config', message: `the GitHub credentials may not write to ${repo}: ${message}` };
  }
  if (status === 429) return { kind: 'transient', message };
  if (status === 404) return { kind: 'config', message: `repository ${repo} not found or not visible to the configured credentials (${message})` };
  if (status === 409 && /empty/i.test(message)) {
    return { kind: 'config', message: `repository ${repo} is empty: push a first commit to its base branch (${message})` };
  }
  if (status === 422 && /not a fast.?forward/i.test(message)) return { kind: 'stale', message };
  return { kind: 'rejected', status, message };
}

/** The error a step throws once it gives up. */
export function toError(failure: Failure, step: string): Error {
  if (failure.kind === 'config' || failure.kind === 'auth') return new GitopsConfigurationError(`${step}: ${failure.message}`);
  return new Error(`${step}: ${failure.message}`);
}
