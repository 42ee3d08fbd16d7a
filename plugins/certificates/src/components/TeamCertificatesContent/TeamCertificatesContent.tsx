import { Link, LinkButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { StepState } from '@internal/plugin-certificates-common';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
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
import { certificatesApiRef } from '../../api';
import { AsyncRetryContent } from '../AsyncRetryContent';
import { useRetryWhile } from '../status/useRetryWhile';
import { ExpiryChip } from '../ExpiryChip';
import {
  currentStep,
  formatTime,
  STATE_LABELS,
  VaultSync,
} from '../status/lifecycle';
import { compare, resourceRef, SortKey, toRow } from './certificateRows';

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

/** How soon a "refreshing" answer is asked again. */
const REFRESHING_RETRY_MS = 5000;

/** A team's certificates with lifecycle, expiry and Vault sync; filter and sort. */
export const TeamCertificatesTable = (props: { team: string }) => {
  const api = useApi(certificatesApiRef);
  const { team } = props;
  const state = useAsyncRetry(() => api.getTeamCertificates(team), [api, team]);
  // No snapshot yet (the backend's refresher just started): ask again shortly instead of waiting on the clusters.
  useRetryWhile(
    !!state.value?.refreshing,
    state.retry,
    REFRESHING_RETRY_MS,
    state.value,
  );
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
    <AsyncRetryContent state={state} what={`the certificates of ${team}`}>
      {status => {
        const total = status.items.length;
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
            {status.refreshing && (
              <Grid item xs={12}>
                <Alert severity="info">
                  Refreshing: the clusters and Vault are being read for the
                  first time since the backend started. Until then only the
                  requests are shown.
                </Alert>
              </Grid>
            )}
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
                  <Typography
                    variant="h6"
                    component="h2"
                    style={{ flexGrow: 1 }}
                  >
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
                              No certificate matches the filter ({total} in
                              total).
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
                                  <EntityRefLink
                                    entityRef={ref}
                                    title={r.names}
                                  />
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
                                {pr ? (
                                  <Link to={pr.url}>#{pr.number}</Link>
                                ) : (
                                  '—'
                                )}
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
      }}
    </AsyncRetryContent>
  );
};

/** The Certificates tab of a Group entity: the team is the group's `metadata.name`. */
export const TeamCertificatesContent = () => {
  const { entity } = useEntity();
  return <TeamCertificatesTable team={entity.metadata.name} />;
};
