import { CustomErrorBase } from '@backstage/errors';

/**
 * The same `Idempotency-Key` came with another request body: answered 422
 * (Unprocessable Content) as the IETF Idempotency-Key draft says, never
 * with the record the key first created.
 */
export class IdempotencyKeyReusedError extends CustomErrorBase {
  name = 'IdempotencyKeyReusedError' as const;
  readonly statusCode = 422;

  constructor(key: string) {
    super(
      `Idempotency-Key: "${key}" was already used for a different request body; use a new key for a new request`,
    );
  }
}
