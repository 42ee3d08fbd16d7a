import { GitopsConfigurationError } from '../types';

type GraphqlError = {
  type?: string;
  message?: string;
  path?: Array<string | number>;
};

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

/** A thrown value or parsed JSON answer, read field by field. */
type Fields = Record<string, unknown>;

export const isObject = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null;

/** `v[key]` when `v` is an object, else undefined. */
export const prop = (v: unknown, key: string): unknown =>
  isObject(v) ? v[key] : undefined;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : undefined;

/** An error with an HTTP status: Octokit's RequestError (REST calls, and GraphQL calls that failed at the HTTP level). */
export type HttpError = Fields & { status: number };

export function isHttpError(error: unknown): error is HttpError {
  return isObject(error) && typeof error.status === 'number';
}

function graphqlErrors(error: unknown): GraphqlError[] {
  const errors = prop(error, 'errors');
  return Array.isArray(errors)
    ? errors.filter(isObject).map(e => ({
        type: str(e.type),
        message: str(e.message),
        path: Array.isArray(e.path)
          ? e.path.filter(
              (p): p is string | number =>
                typeof p === 'string' || typeof p === 'number',
            )
          : undefined,
      }))
    : [];
}

/** The message of a REST or GraphQL error, including 422 `errors[].message`. */
export function describe(error: unknown): string {
  const data = prop(prop(error, 'response'), 'data');
  const dataErrors = prop(data, 'errors');
  const parts = [
    str(prop(data, 'message')),
    ...(Array.isArray(dataErrors)
      ? dataErrors.map((e: unknown) =>
          typeof e === 'string' ? e : str(prop(e, 'message')),
        )
      : []),
    ...graphqlErrors(error).map(e => e.message),
  ].filter((p): p is string => !!p);
  if (parts.length === 0)
    return error instanceof Error ? error.message : String(error);
  return [...new Set(parts)].join('; ');
}

/** The failure {@link classify} found, as attached to an error rethrown by a step (`error.failure`). */
export type WithFailure = { failure: Failure };

export function hasFailure(error: unknown): error is WithFailure {
  return (
    isObject(error) &&
    isObject(error.failure) &&
    typeof error.failure.kind === 'string'
  );
}

/** The failure attached to `error`, else the failure it means. */
export function failureOf(error: unknown, repo: string): Failure {
  return hasFailure(error) ? error.failure : classify(error, repo);
}

export function classify(error: unknown, repo: string): Failure {
  const message = describe(error);
  const gql = graphqlErrors(error);
  if (gql.length > 0 && !isHttpError(error)) {
    if (
      gql.some(
        e =>
          e.type === 'NOT_FOUND' &&
          e.path?.[0] === 'repository' &&
          e.path.length === 1,
      )
    ) {
      return {
        kind: 'config',
        message: `repository ${repo} not found or not visible to the configured credentials`,
      };
    }
    if (
      gql.some(
        e =>
          e.type === 'FORBIDDEN' ||
          /not accessible by integration/i.test(e.message ?? ''),
      )
    ) {
      return {
        kind: 'config',
        message: `the GitHub credentials may not write to ${repo}: ${message}`,
      };
    }
    if (
      gql.some(
        e =>
          e.type === 'STALE_DATA' ||
          /expected branch to point to/i.test(e.message ?? ''),
      )
    ) {
      return { kind: 'stale', message };
    }
    if (gql.some(e => e.type === 'RATE_LIMITED'))
      return { kind: 'transient', message };
    if (
      gql.some(e =>
        /something went wrong|timeout|timed out/i.test(e.message ?? ''),
      )
    )
      return { kind: 'ambiguous', message };
    return { kind: 'rejected', status: 200, message };
  }
  if (!isHttpError(error)) return { kind: 'ambiguous', message };
  const { status } = error;
  if (
    status >= 500 ||
    error.name === 'AbortError' ||
    error.name === 'TimeoutError'
  ) {
    return { kind: 'ambiguous', message };
  }
  if (status === 401)
    return {
      kind: 'auth',
      message: `GitHub rejected the credentials for ${repo}: ${message}`,
    };
  if (status === 403) {
    if (
      /rate limit/i.test(message) ||
      prop(
        prop(prop(error, 'response'), 'headers'),
        'x-ratelimit-remaining',
      ) === '0'
    ) {
      return { kind: 'transient', message };
    }
    return {
      kind: 'config',
      message: `the GitHub credentials may not write to ${repo}: ${message}`,
    };
  }
  if (status === 429) return { kind: 'transient', message };
  if (status === 404)
    return {
      kind: 'config',
      message: `repository ${repo} not found or not visible to the configured credentials (${message})`,
    };
  if (status === 409 && /empty/i.test(message)) {
    return {
      kind: 'config',
      message: `repository ${repo} is empty: push a first commit to its base branch (${message})`,
    };
  }
  if (status === 422 && /not a fast.?forward/i.test(message))
    return { kind: 'stale', message };
  return { kind: 'rejected', status, message };
}

/** The error a step throws once it gives up. */
export function toError(failure: Failure, step: string): Error {
  if (failure.kind === 'config' || failure.kind === 'auth')
    return new GitopsConfigurationError(`${step}: ${failure.message}`);
  return new Error(`${step}: ${failure.message}`);
}
