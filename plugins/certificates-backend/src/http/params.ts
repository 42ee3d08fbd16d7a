import { InputError } from '@backstage/errors';
import {
  checkPathParam,
  PathParam,
  PathParamError,
} from '@internal/plugin-certificates-common';
import { Request } from 'express';

/**
 * A path parameter of the route, checked by its shared schema
 * (certificates-common `pathParams`); a 400 naming it otherwise.
 */
export function pathParam(
  req: Request,
  param: PathParam,
  as: string = param,
): string {
  return asInputError(() => checkPathParam(param, req.params[as]));
}

/** An optional query parameter checked by the same schemas. */
export function queryParam(req: Request, param: PathParam): string | undefined {
  const value = req.query[param];
  return value === undefined
    ? undefined
    : asInputError(() => checkPathParam(param, value));
}

function asInputError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PathParamError) throw new InputError(error.message);
    throw error;
  }
}

/** A `true`/`false` query flag (absent is false). */
export function flag(req: Request, name: string): boolean {
  const value = req.query[name];
  if (value !== undefined && value !== 'true' && value !== 'false')
    throw new InputError(`${name}: must be true or false`);
  return value === 'true';
}

/** The `Idempotency-Key` header, when sent: 1-255 visible ASCII characters. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.header('idempotency-key');
  if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key))
    throw new InputError(
      'Idempotency-Key: must be 1-255 visible ASCII characters',
    );
  return key;
}
