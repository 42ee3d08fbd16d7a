import {
  CertificateStatusSummary,
  StepState,
} from '@internal/plugin-certificates-common';
import {
  currentStep,
  daysToExpiry,
  issuerOf,
  STEP_LABELS,
  vaultSync,
  VaultSync,
} from '../status/lifecycle';

/** One certificate in the team's table, with what it filters and sorts by. */
export type Row = {
  key: string;
  summary: CertificateStatusSummary;
  names: string;
  issuer: string;
  state: StepState;
  step: string;
  days?: number;
  vault: VaultSync;
};

export type SortKey = 'names' | 'issuer' | 'state' | 'days' | 'vault';

/** Failed first, done last. */
const STATE_ORDER: Record<StepState, number> = {
  failed: 0,
  'in-progress': 1,
  pending: 2,
  unknown: 3,
  done: 4,
};
export function toRow(summary: CertificateStatusSummary): Row {
  const step = currentStep(summary);
  return {
    key: `${summary.team}/${summary.certificateName}`,
    summary,
    names: summary.names.join(', ') || summary.certificateName,
    issuer: issuerOf(summary) ?? '—',
    state: summary.state,
    step: STEP_LABELS[step.key],
    days: daysToExpiry(summary.steps.issued.issued?.notAfter),
    vault: vaultSync(summary),
  };
}

export function compare(a: Row, b: Row, key: SortKey): number {
  switch (key) {
    case 'days': {
      // Certificates not issued yet go last.
      const x = a.days ?? Number.POSITIVE_INFINITY;
      const y = b.days ?? Number.POSITIVE_INFINITY;
      if (x === y) return 0;
      return x < y ? -1 : 1;
    }
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    default:
      return a[key].localeCompare(b[key]);
  }
}
