import { InputError } from '@backstage/errors';
import express, { RequestHandler } from 'express';

/**
 * The one body parser of the API: JSON only (a body of another type is a
 * 400), at most `limit`, and parse errors as 400s naming `(body)`. A body
 * parsed already (the bulk route's larger limit runs first) is left alone.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit, strict: true });
  return (req, res, next) => {
    if (
      ['POST', 'PUT', 'PATCH'].includes(req.method) &&
      req.is('application/json') === false
    ) {
      next(new InputError('(body): Content-Type must be application/json'));
      return;
    }
    parse(req, res, (error?: Error & { type?: string }) => {
      if (error?.type === 'entity.parse.failed')
        return next(new InputError('(body): must be valid JSON'));
      if (error?.type === 'entity.too.large')
        return next(new InputError(`(body): must be at most ${limit}`));
      return next(error);
    });
  };
}
