import {
  CertificateLifecycle,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { step } from './context';

/** Step 1: the request stored in Backstage, and whether publishing it failed. */
export function requestedStep(
  request: StoredCertificateRequest | undefined,
): CertificateLifecycle['requested'] {
  if (!request)
    return step('requested', 'unknown', {
      message: 'No request stored in Backstage (created outside the portal)',
    });
  const failed = request.state === 'failed';
  return step('requested', failed ? 'failed' : 'done', {
    time: request.createdAt,
    message: failed
      ? `Publishing failed: ${request.error ?? 'unknown error'}`
      : `${
          request.operation === 'decommission'
            ? 'Decommission requested'
            : 'Requested'
        } by ${request.createdBy}`,
    reason: failed
      ? {
          source: `request ${request.id}`,
          reason: 'failed',
          message: request.error ?? '',
        }
      : undefined,
    requestId: request.id,
    requestState: request.state,
    by: request.createdBy,
  });
}
