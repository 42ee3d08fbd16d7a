import { Link, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { StepState } from '@internal/plugin-certificates-common';
import { Chip, Typography } from '@material-ui/core';
import { ExpiryChip } from '../ExpiryChip';
import { PullRequestLink } from '../PullRequestLink';
import { certificateEntityRef } from '../status/entityRef';
import {
  currentStep,
  formatTime,
  STATE_LABELS,
  VaultSync,
} from '../status/lifecycle';
import { compare, Row } from './certificateRows';

/** Chip colours with at least 4.5:1 contrast for their white or black text (WCAG AA). */
export const STATE_CHIP: Record<
  StepState,
  { background: string; color: string }
> = {
  failed: { background: '#c62828', color: '#fff' },
  'in-progress': { background: '#1565c0', color: '#fff' },
  pending: { background: '#616161', color: '#fff' },
  unknown: { background: '#424242', color: '#fff' },
  done: { background: '#2e7d32', color: '#fff' },
};
const VAULT_CHIP: Record<VaultSync, { background: string; color: string }> = {
  'in sync': { background: '#2e7d32', color: '#fff' },
  stale: { background: '#ffb300', color: '#000' },
  'not pushed': { background: '#616161', color: '#fff' },
};

/** A team-tab row with the request behind it, when the team's requests are known. */
export type TeamRow = Row & { kind: string; requestId?: string };

function matches(term: string, r: TeamRow): boolean {
  const needle = term.trim().toLocaleLowerCase('en-US');
  return [r.names, r.issuer, r.step, r.summary.certificateName, r.vault, r.kind]
    .join(' ')
    .toLocaleLowerCase('en-US')
    .includes(needle);
}

/** The team tab's columns; sorting goes through the rows' own order (failed first, unissued last). */
export function certificateColumns(
  requestLink: (id: string) => string,
): TableColumn<TeamRow>[] {
  return [
    {
      title: 'Names',
      customFilterAndSearch: (term: string, r: TeamRow) => matches(term, r),
      customSort: (a, b) => compare(a, b, 'names'),
      defaultSort: 'asc',
      // Whole names: on a phone the table scrolls sideways instead of breaking them mid-label.
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => {
        const ref = certificateEntityRef(r.summary);
        return ref ? (
          <EntityRefLink entityRef={ref} title={r.names} />
        ) : (
          r.names
        );
      },
    },
    {
      title: 'Kind',
      field: 'kind',
      sorting: false,
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Issuer',
      field: 'issuer',
      customSort: (a, b) => compare(a, b, 'issuer'),
    },
    {
      title: 'Lifecycle',
      customSort: (a, b) => compare(a, b, 'state'),
      render: r => {
        const step = currentStep(r.summary);
        const detail = step.reason?.message ?? step.message;
        return (
          <>
            <Chip
              size="small"
              label={STATE_LABELS[r.state]}
              style={STATE_CHIP[r.state]}
            />{' '}
            {r.step}
            {detail && (
              <Typography variant="caption" display="block">
                {detail}
              </Typography>
            )}
          </>
        );
      },
    },
    {
      title: 'Expires in',
      customSort: (a, b) => compare(a, b, 'days'),
      render: r => (
        <span title={formatTime(r.summary.steps.issued.issued?.notAfter)}>
          <ExpiryChip days={r.days} />
        </span>
      ),
    },
    {
      title: 'Vault',
      customSort: (a, b) => compare(a, b, 'vault'),
      render: r => (
        <Chip size="small" label={r.vault} style={VAULT_CHIP[r.vault]} />
      ),
    },
    {
      title: 'Request',
      sorting: false,
      render: r => {
        const pr = r.summary.steps.pullRequest.pullRequest;
        return (
          <>
            {r.requestId && (
              <Link to={requestLink(r.requestId)} data-testid="request-link">
                View
              </Link>
            )}
            {r.requestId && pr && ' · '}
            {pr && <PullRequestLink pullRequest={pr} />}
            {!r.requestId && !pr && '—'}
          </>
        );
      },
    },
  ];
}
