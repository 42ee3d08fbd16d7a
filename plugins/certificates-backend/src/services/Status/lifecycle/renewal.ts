import { CertificateLifecycle } from '@internal/plugin-certificates-common';
import { conditionReason } from './conditions';
import { LifecycleContext, step } from './context';

/** Step 7: cert-manager will renew the certificate in time, or is failing to. */
export function renewalStep(
  ctx: LifecycleContext,
  acme: CertificateLifecycle['acme'],
): CertificateLifecycle['renewal'] {
  const { cert, certStatus, issuing, isIssuing, issuerProblem } = ctx;
  const renewal = cert
    ? {
        renewalTime: certStatus.renewalTime,
        failedIssuanceAttempts: certStatus.failedIssuanceAttempts,
        lastFailureTime: certStatus.lastFailureTime,
      }
    : undefined;
  if (!cert) return step('renewal', ctx.offClusterState, { renewal });
  const hasIssued = !!certStatus.revision || !!certStatus.notBefore;
  if (!hasIssued) return step('renewal', 'pending', { renewal });
  if (
    (certStatus.failedIssuanceAttempts ?? 0) > 0 ||
    certStatus.lastFailureTime
  ) {
    return step('renewal', 'failed', {
      time: certStatus.lastFailureTime,
      message: `${
        certStatus.failedIssuanceAttempts ?? 1
      } failed issuance attempt(s); cert-manager retries with backoff`,
      reason:
        issuing && issuing.status === 'False'
          ? conditionReason('Certificate', cert, issuing)
          : acme.reason,
      renewal,
    });
  }
  if (isIssuing && issuing) {
    return step('renewal', 'in-progress', {
      time: issuing.lastTransitionTime,
      message: `${issuing.reason ?? ''}: ${issuing.message ?? ''}`,
      renewal,
    });
  }
  if (issuerProblem) {
    return step('renewal', 'failed', {
      time: certStatus.renewalTime,
      message: `Renewal will fail: issuer not ready: ${issuerProblem.message}`,
      reason: issuerProblem,
      renewal,
    });
  }
  // Scheduled is this step's end state: cert-manager has set when it renews.
  return step('renewal', certStatus.renewalTime ? 'done' : 'pending', {
    time: certStatus.renewalTime,
    message: certStatus.renewalTime
      ? `Renews at ${certStatus.renewalTime}`
      : undefined,
    renewal,
  });
}
