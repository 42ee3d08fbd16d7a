import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { RequestProblem } from './certificateRequest';

/**
 * Turns request problems into the Backstage error the router throws. Each
 * line of the message starts with the field path, so clients can show the
 * error next to the field: `subdomain: must be lowercase`. The most serious
 * kind decides the status: 400 before 403 before 409.
 */
export function problemsToError(problems: RequestProblem[]): Error {
  const message = problems.map(p => `${p.field}: ${p.message}`).join('\n');
  if (problems.some(p => p.kind === 'invalid')) return new InputError(message);
  if (problems.some(p => p.kind === 'forbidden'))
    return new NotAllowedError(message);
  return new ConflictError(message);
}
