import { z } from 'zod';

/** A string matching `regex`; anything else (a list, a number) gets the same message. */
function pattern(regex: RegExp, message: string) {
  return z
    .string({ required_error: message, invalid_type_error: message })
    .regex(regex, message);
}

/**
 * The path parameters of the certificates API, one schema each, for the
 * backend's routes and the client alike: a value either passes here and
 * the route looks it up, or it is a 400 naming the parameter.
 */
export const pathParams = {
  /** A stored request's id (a UUID). */
  id: pattern(/^[0-9a-f-]{36}$/, 'must be a request id'),
  /** A bulk request's id (a UUID). */
  batchId: pattern(/^[0-9a-f-]{36}$/, 'must be a bulk request id'),
  /** A team: its namespace, a DNS-1123 label. */
  team: pattern(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a team name (lowercase DNS label, at most 63 characters)',
  ),
  /**
   * A certificate: a Kubernetes object name (DNS-1123 subdomain), as the
   * clusters may hold certificates no request here named.
   */
  name: pattern(
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be a certificate name (lowercase DNS name, at most 253 characters)',
  ),
  /** A local pull request's number. */
  number: pattern(/^[1-9][0-9]{0,8}$/, 'must be a pull request number'),
};

export type PathParam = keyof typeof pathParams;

/** A path parameter that no resource can have: the message names it first. */
export class PathParamError extends Error {
  constructor(readonly param: PathParam, why: string) {
    super(`${param === 'batchId' ? 'id' : param}: ${why}`);
    this.name = 'PathParamError';
  }
}

/** `value` checked against the schema of `param`; throws `<param>: <why>` when it does not pass. */
export function checkPathParam(param: PathParam, value: unknown): string {
  const parsed = pathParams[param].safeParse(value);
  if (parsed.success) return parsed.data;
  throw new PathParamError(param, parsed.error.issues[0].message);
}
