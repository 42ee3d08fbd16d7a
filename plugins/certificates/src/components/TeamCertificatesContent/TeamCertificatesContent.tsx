import { Link, LinkButton, Table } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { StepState } from '@internal/plugin-certificates-common';
import {
  Box,
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Paper,
  Select,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { newRequestRouteRef } from '../../routes';
import { AsyncRetryContent } from '../AsyncRetryContent';
import { useRequestLink } from '../CertificatesPage/useRequestLink';
import { STATE_LABELS } from '../status/lifecycle';
import { UpdatedAgo } from '../UpdatedAgo';
import { certificateColumns } from './certificateColumns';
import { StatusWarnings } from './StatusWarnings';
import { useTeamCertificates } from './useTeamCertificates';

/** A team's certificates with lifecycle, expiry and Vault sync; search, state filter and sort. */
export const TeamCertificatesTable = (props: { team: string }) => {
  const { team } = props;
  const state = useTeamCertificates(team);
  const [stateFilter, setStateFilter] = useState<StepState | 'all'>('all');
  const newRequest = `${useRouteRef(
    newRequestRouteRef,
  )()}?team=${encodeURIComponent(team)}`;
  const requestLink = useRequestLink();

  return (
    <AsyncRetryContent
      state={state}
      what={`the certificates of ${team}`}
      notFound={
        <Alert severity="info" data-testid="team-not-visible">
          The certificates of {team} are visible to its members only, and you
          are not one. Ask a member of {team}, or open your own team's page.
        </Alert>
      }
    >
      {({ status, rows }) => (
        <Grid container spacing={2}>
          <StatusWarnings status={status} />
          <Grid item xs={12}>
            {/* On the paper's white: the grey page background costs the labels AA contrast. */}
            <Paper>
              <Box
                p={2}
                display="flex"
                alignItems="flex-end"
                flexWrap="wrap"
                style={{ gap: 16 }}
              >
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
                <Box flexGrow={1}>
                  <UpdatedAgo at={status.observedAt} prefix="Status updated" />
                </Box>
                <LinkButton to={newRequest} variant="outlined" color="primary">
                  Request a certificate
                </LinkButton>
              </Box>
            </Paper>
          </Grid>
          <Grid item xs={12}>
            {rows.length === 0 ? (
              <Alert severity="info">
                {team} has no certificates yet.{' '}
                <Link to={newRequest}>Request one</Link>.
              </Alert>
            ) : (
              <Table
                title={`Certificates of ${team}`}
                options={{
                  search: true,
                  paging: rows.length > 50,
                  pageSize: 50,
                  padding: 'dense',
                  // Draggable headers put a button inside the sort button (axe: nested-interactive).
                  draggable: false,
                  // A newly chosen column starts ascending, not in the last column's direction.
                  keepSortDirectionOnColumnSwitch: false,
                  thirdSortClick: false,
                }}
                localization={{
                  toolbar: { searchPlaceholder: 'Search names, issuer, step' },
                  body: {
                    emptyDataSourceMessage: `No certificate is in this state (${rows.length} in total).`,
                  },
                }}
                columns={certificateColumns(requestLink)}
                data={rows.filter(
                  r => stateFilter === 'all' || r.state === stateFilter,
                )}
              />
            )}
          </Grid>
        </Grid>
      )}
    </AsyncRetryContent>
  );
};

/** The Certificates tab of a Group entity: the team is the group's `metadata.name`. */
export const TeamCertificatesContent = () => {
  const { entity } = useEntity();
  return <TeamCertificatesTable team={entity.metadata.name} />;
};
