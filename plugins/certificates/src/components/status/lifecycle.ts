import {
  CERTIFICATE_STATUS_STEPS,
  CertificateLifecycle,
  CertificateStatusStepKey,
  CertificateStatusSummary,
  StatusStep,
  StepState,
} from '@internal/plugin-certificates-common';

/** People's names for the seven lifecycle steps. */
export const STEP_LABELS: Record<CertificateStatusStepKey, string> = {
  requested: 'Requested',
  pullRequest: 'Pull request merged',
  synced: 'Synced to the cluster',
  acme: 'ACME order and challenges',
  issued: 'Certificate issued',
  vault: 'Pushed to Vault',
  renewal: 'Renewal scheduled',
};

export const STATE_LABELS: Record<StepState, string> = {
  done: 'done',
  'in-progress': 'in progress',
  failed: 'failed',
  unknown: 'unknown',
  pending: 'pending',
};

export function orderedSteps(steps: CertificateLifecycle): StatusStep[] {
  return CERTIFICATE_STATUS_STEPS.map(key => ({ ...steps[key], key }));
}

/**
 * The step the certificate is at: the first failed one, else the first one
 * not done (in progress, pending or unknown), else the last one.
 */
export function currentStep(
  summary: Pick<CertificateStatusSummary, 'steps' | 'failure'>,
): StatusStep {
  const steps = orderedSteps(summary.steps);
  return (
    (summary.failure && steps.find(s => s.key === summary.failure!.step)) ??
    steps.find(s => s.state === 'failed') ??
    steps.find(s => s.state !== 'done') ??
    steps[steps.length - 1]
  );
}

const DAY = 24 * 60 * 60 * 1000;

/** Whole days until `notAfter` (negative once expired); undefined when not issued. */
export function daysToExpiry(
  notAfter: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!notAfter) return undefined;
  const at = Date.parse(notAfter);
  if (Number.isNaN(at)) return undefined;
  return Math.floor((at - now) / DAY);
}

export type ExpiryBand = 'ok' | 'soon' | 'urgent' | 'expired' | 'none';

/** >30 days ok (green), <=30 soon (amber), <=7 urgent (red), <0 expired (dark red). */
export function expiryBand(days: number | undefined): ExpiryBand {
  if (days === undefined) return 'none';
  if (days < 0) return 'expired';
  if (days <= 7) return 'urgent';
  if (days <= 30) return 'soon';
  return 'ok';
}

export const EXPIRY_COLOURS: Record<
  ExpiryBand,
  { background: string; color: string }
> = {
  ok: { background: '#2e7d32', color: '#fff' },
  soon: { background: '#ffb300', color: '#000' },
  urgent: { background: '#d32f2f', color: '#fff' },
  expired: { background: '#7f0000', color: '#fff' },
  none: { background: 'transparent', color: 'inherit' },
};

export type VaultSync = 'in sync' | 'stale' | 'not pushed';

export function vaultSync(
  summary: Pick<CertificateStatusSummary, 'steps'>,
): VaultSync {
  const vault = summary.steps.vault.vault;
  if (!vault || vault.currentVersion === undefined) return 'not pushed';
  if (vault.stale) return 'stale';
  return 'in sync';
}

export function issuerOf(
  summary: Pick<CertificateStatusSummary, 'steps' | 'issuer'>,
): string | undefined {
  return summary.issuer ?? summary.steps.acme.acme?.issuer;
}

export function formatTime(value: string | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
