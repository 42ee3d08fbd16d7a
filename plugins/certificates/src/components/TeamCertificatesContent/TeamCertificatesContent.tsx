import { Link, LinkButton, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CertificateStatusSummary,
  StepState,
  TeamCertificatesStatus,
} from '@internal/plugin-certificates-common';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Chip,
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef, errorMessage } from '../../api';
import {
  currentStep,
  daysToExpiry,
  EXPIRY_COLOURS,
  expiryBand,
  formatTime,
  issuerOf,
  STATE_LABELS,
  STEP_LABELS,
  vaultSync,
  VaultSync,
} from '../status/lifecycle';

type Row = {
  key: string;
  summary: CertificateStatusSummary;
  names: string;
  issuer: string;
  state: StepState;
  step: string;
  days?: number;
  vault: VaultSync;
};

type SortKey = 'names' | 'issuer' | 'state' | 'days' | 'vault';

const STATE_ORDER: Record<StepState, number> = {
  failed: 0,
  'in-progress': 1,
  pending: 2,
  unknown: 3,
  done: 4,
};
const STATE_CHIP: Record<StepState, { background: string; color: string }> = {
  failed: { background: '#d32f2f', color: '#fff' },
  'in-progress': { background: '#1976d2', color: '#fff' },
  pending: { background: '#9e9e9e', color: '#fff' },
  unknown: { background: '#616161', color: '#fff' },
  done: { background: '#2e7d32', color: '#fff' },
};
const VAULT_CHIP: Record<VaultSync, { background: string; color: string }> = {
  'in sync': { background: '#2e7d32', color: '#fff' },
  stale: { background: '#ffb300', color: '#000' },
  'not pushed': { background: '#9e9e9e', color: '#fff' },
};

function toRow(summary: CertificateStatusSummary): Row {
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

function compare(a: Row, b: Row, key: SortKey): number {
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

function ExpiryChip(props: { days?: number }) {
  const band = expiryBand(props.days);
  if (props.days === undefined) return <>—</>;
  return (
    <Chip
      size="small"
      label={band === 'expired' ? 'expired' : `${props.days} days`}
      style={EXPIRY_COLOURS[band]}
      data-band={band}
    />
  );
}

/** Entity name the backend gives the certificate's Resource (when short enough to predict). */
function resourceRef(summary: CertificateStatusSummary): string | undefined {
  const name = `${summary.team}-${summary.certificateName}`.replace(
    /[^a-zA-Z0-9._-]/g,
    '-',
  );
  return name.length <= 63 ? `resource:default/${name}` : undefined;
}

/** A team's certificates with lifecycle, expiry and Vault sync; filter and sort. */
export const TeamCertificatesTable = (props: { team: string }) => {
  const api = useApi(certificatesApiRef);
  const { team } = props;
  const state = useAsyncRetry(() => api.getTeamCertificates(team), [api, team]);
  const [text, setText] = useState('');
  const [stateFilter, setStateFilter] = useState<StepState | 'all'>('all');
  const [sort, setSort] = useState<{ key: SortKey; direction: 'asc' | 'desc' }>(
    { key: 'names', direction: 'asc' },
  );

  const rows = useMemo(() => {
    const all = (state.value?.items ?? []).map(toRow);
    const needle = text.trim().toLocaleLowerCase('en-US');
    const filtered = all.filter(
      r =>
        (stateFilter === 'all' || r.state === stateFilter) &&
        (!needle ||
          [r.names, r.issuer, r.step, r.summary.certificateName, r.vault].some(
            v => v.toLocaleLowerCase('en-US').includes(needle),
          )),
    );
    const sign = sort.direction === 'asc' ? 1 : -1;
    return filtered.sort(
      (a, b) =>
        sign * compare(a, b, sort.key) || a.names.localeCompare(b.names),
    );
  }, [state.value, text, stateFilter, sort]);

  if (state.loading && !state.value) return <Progress />;
  if (state.error) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={state.retry}>
            Retry
          </Button>
        }
      >
        Could not load the certificates of {team}: {errorMessage(state.error)}
      </Alert>
    );
  }
  const status = state.value as TeamCertificatesStatus;
  const total = status.items.length;
  const sortHeader = (key: SortKey, label: string) => (
    <TableCell sortDirection={sort.key === key ? sort.direction : false}>
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key ? sort.direction : 'asc'}
        onClick={() =>
          setSort(s => ({
            key,
            direction: s.key === key && s.direction === 'asc' ? 'desc' : 'asc',
          }))
        }
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  return (
    <Grid container spacing={2}>
      {status.clusters
        .filter(c => !c.ok || c.warnings?.length)
        .map(c => (
          <Grid item xs={12} key={c.name}>
            <Alert severity="warning">
              Cluster {c.name}: {c.error ?? c.warnings?.join('; ')}
            </Alert>
          </Grid>
        ))}
      {status.vault?.error && (
        <Grid item xs={12}>
          <Alert severity="warning">Vault: {status.vault.error}</Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <Paper>
          <Box
            p={2}
            display="flex"
            alignItems="flex-end"
            flexWrap="wrap"
            style={{ gap: 16 }}
          >
            <Typography variant="h6" component="h2" style={{ flexGrow: 1 }}>
              Certificates of {team}
            </Typography>
            <TextField
              id="certificates-filter"
              label="Filter"
              placeholder="name, issuer, step"
              value={text}
              onChange={e => setText(e.target.value)}
            />
            <FormControl style={{ minWidth: 160 }}>
              <InputLabel id="certificates-state-label">State</InputLabel>
              <Select
                labelId="certificates-state-label"
                id="certificates-state"
                value={stateFilter}
                onChange={e =>
                  setStateFilter(e.target.value as StepState | 'all')
                }
              >
                <MenuItem value="all">All states</MenuItem>
                {(Object.keys(STATE_LABELS) as StepState[]).map(s => (
                  <MenuItem key={s} value={s}>
                    {STATE_LABELS[s]}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <LinkButton
              to="/certificates/new"
              variant="outlined"
              color="primary"
            >
              Request a certificate
            </LinkButton>
          </Box>
          {total === 0 ? (
            <Box p={2}>
              <Alert severity="info">
                {team} has no certificates yet.{' '}
                <Link to="/certificates/new">Request one</Link>.
              </Alert>
            </Box>
          ) : (
            <TableContainer>
              <Table size="small" aria-label={`Certificates of ${team}`}>
                <TableHead>
                  <TableRow>
                    {sortHeader('names', 'Names')}
                    {sortHeader('issuer', 'Issuer')}
                    {sortHeader('state', 'Lifecycle')}
                    {sortHeader('days', 'Expires in')}
                    {sortHeader('vault', 'Vault')}
                    <TableCell>Pull request</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={6}>
                        No certificate matches the filter ({total} in total).
                      </TableCell>
                    </TableRow>
                  )}
                  {rows.map(r => {
                    const ref = resourceRef(r.summary);
                    const pr = r.summary.steps.pullRequest.pullRequest;
                    const step = currentStep(r.summary);
                    return (
                      <TableRow key={r.key} data-testid="certificate-row">
                        <TableCell>
                          {ref ? (
                            <EntityRefLink entityRef={ref} title={r.names} />
                          ) : (
                            r.names
                          )}
                        </TableCell>
                        <TableCell>{r.issuer}</TableCell>
                        <TableCell>
                          <Chip
                            size="small"
                            label={STATE_LABELS[r.state]}
                            style={STATE_CHIP[r.state]}
                          />{' '}
                          {r.step}
                          {(step.reason?.message ?? step.message) && (
                            <Typography
                              variant="caption"
                              display="block"
                              color="textSecondary"
                            >
                              {step.reason?.message ?? step.message}
                            </Typography>
                          )}
                        </TableCell>
                        <TableCell
                          title={formatTime(
                            r.summary.steps.issued.issued?.notAfter,
                          )}
                        >
                          <ExpiryChip days={r.days} />
                        </TableCell>
                        <TableCell>
                          <Chip
                            size="small"
                            label={r.vault}
                            style={VAULT_CHIP[r.vault]}
                          />
                        </TableCell>
                        <TableCell>
                          {pr ? <Link to={pr.url}>#{pr.number}</Link> : '—'}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          <Box p={1}>
            <Typography variant="caption" color="textSecondary">
              Observed {formatTime(status.observedAt)}
            </Typography>
          </Box>
        </Paper>
      </Grid>
    </Grid>
  );
};

/** The Certificates tab of a Group entity: the team is the group's `metadata.name`. */
export const TeamCertificatesContent = () => {
  const { entity } = useEntity();
  return <TeamCertificatesTable team={entity.metadata.name} />;
};
