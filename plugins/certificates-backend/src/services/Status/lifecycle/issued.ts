import {
  CertificateLifecycle,
  StatusReason,
} from '@internal/plugin-certificates-common';
import { conditionReason, ref } from './conditions';
import { LifecycleContext, step } from './context';

/** Step 5: cert-manager has issued the certificate, and it has not expired. */
export function issuedStep(
  ctx: LifecycleContext,
): CertificateLifecycle['issued'] {
  const { cert, certStatus, ready, issuing, isIssuing, input } = ctx;
  if (!cert) return step('issued', ctx.offClusterState);
  const issued = {
    ready: ready ? ready.status === 'True' : undefined,
    notBefore: certStatus.notBefore,
    notAfter: certStatus.notAfter,
    renewalTime: certStatus.renewalTime,
    revision: certStatus.revision,
  };
  const notAfterMs = Date.parse(certStatus.notAfter ?? '');
  if (Number.isFinite(notAfterMs) && notAfterMs <= input.now) {
    const reason: StatusReason =
      ready && ready.status !== 'True'
        ? conditionReason('Certificate', cert, ready)
        : {
            source: `${ref('Certificate', cert)} status.notAfter`,
            reason: 'Expired',
            message: `Certificate expired on ${new Date(
              notAfterMs,
            ).toUTCString()}`,
          };
    return step('issued', 'failed', {
      time: certStatus.notAfter,
      message: `Expired: ${reason.message}`,
      reason,
      issued,
    });
  }
  if (ready?.status === 'True') {
    return step('issued', 'done', {
      time: certStatus.notBefore,
      message: ready.message,
      issued,
    });
  }
  if (isIssuing && issuing) {
    return step('issued', 'in-progress', {
      time: issuing.lastTransitionTime,
      message: `${issuing.reason ?? ''}: ${issuing.message ?? ''}`,
      reason: conditionReason('Certificate', cert, issuing),
      issued,
    });
  }
  if (issuing?.status === 'False' && issuing.reason === 'Failed') {
    return step('issued', 'failed', {
      time: certStatus.lastFailureTime,
      message: `${issuing.reason}: ${issuing.message ?? ''}`,
      reason: conditionReason('Certificate', cert, issuing),
      issued,
    });
  }
  if (ready) {
    return step('issued', 'failed', {
      time: ready.lastTransitionTime,
      message: `${ready.reason ?? ''}: ${ready.message ?? ''}`,
      reason: conditionReason('Certificate', cert, ready),
      issued,
    });
  }
  return step('issued', 'in-progress', {
    message: 'cert-manager has not reported yet',
    issued,
  });
}
