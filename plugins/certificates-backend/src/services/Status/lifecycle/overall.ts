import {
  CERTIFICATE_STATUS_STEPS,
  CertificateLifecycle,
  CertificateStatusStepKey,
  CertificateStatusSummary,
  StepState,
} from '@internal/plugin-certificates-common';

/** Where the certificate is known from: the stored request, a cluster, or both. */
export function sourceOf(
  hasRequest: boolean,
  onCluster: boolean,
): CertificateStatusSummary['source'] {
  if (hasRequest && onCluster) return 'both';
  return hasRequest ? 'request' : 'cluster';
}

/** Failed wins, then in progress; the renewal step alone never makes a certificate unknown or pending. */
export function overallState(
  ordered: Array<{ key: CertificateStatusStepKey; state: StepState }>,
): StepState {
  if (ordered.some(s => s.state === 'failed')) return 'failed';
  if (ordered.some(s => s.state === 'in-progress')) return 'in-progress';
  const beforeRenewal = ordered.filter(s => s.key !== 'renewal');
  if (beforeRenewal.some(s => s.state === 'unknown')) return 'unknown';
  return beforeRenewal.every(s => s.state === 'done') ? 'done' : 'pending';
}

/** The overall state of the steps, and the first failing step (in step order) as the failure. */
export function summarizeSteps(
  steps: CertificateLifecycle,
): Pick<CertificateStatusSummary, 'state' | 'failure'> {
  const ordered = CERTIFICATE_STATUS_STEPS.map(k => steps[k]);
  const failed = ordered.find(s => s.state === 'failed');
  return {
    state: overallState(ordered),
    failure: failed
      ? { step: failed.key, reason: failed.reason, message: failed.message }
      : undefined,
  };
}
