import { InfoCard, Link } from '@backstage/core-components';
import { PullRequestLink } from '../PullRequestLink';
import {
  Chip,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  CertificateBatch,
  RequestState,
} from '@internal/plugin-certificates-common';
import { CancelRequestButton, CancelTarget } from '../CancelRequestDialog';
import { csvLine } from './BulkPreviewTable';

const OPEN: RequestState[] = ['pending', 'pr-open', 'failed'];

/** A row's request state, from its team's certificates. */
function stateOf(batch: CertificateBatch, requestId: string) {
  for (const team of batch.teams)
    for (const c of team.certificates)
      if (c.requestId === requestId) return c.state;
  return undefined;
}

const COLOR = {
  queued: 'default',
  opened: 'primary',
  failed: 'secondary',
} as const;

/** A stored bulk request: the progress bar while its pull requests open, each team's state, and each row's result. */
export function BulkProgress(props: {
  batch: CertificateBatch;
  requestLink: (id: string) => string;
  /** After a row's request was cancelled: read the batch again. */
  onChange?: () => void;
}) {
  const { batch } = props;
  const cancelTarget = (requestId: string): CancelTarget | undefined => {
    const team = batch.teams.find(t =>
      t.certificates.some(c => c.requestId === requestId),
    );
    const open = team?.certificates.filter(c => OPEN.includes(c.state)) ?? [];
    const own = open.find(c => c.requestId === requestId);
    if (!team || !own) return undefined;
    return {
      id: requestId,
      names: own.names,
      share: open.length,
      pullRequestNumber: team.pullRequest?.number,
    };
  };
  const { queued, opened, failed } = batch.progress;
  const total = queued + opened + failed;
  const done = total === 0 ? 100 : ((opened + failed) / total) * 100;
  return (
    <InfoCard
      title={`Bulk request of ${
        batch.rows.filter(r => r.outcome !== 'rejected').length
      } certificates`}
      subheader={`Requested ${new Date(batch.createdAt).toLocaleString()}`}
    >
      <Typography variant="body2" gutterBottom>
        {opened} opened, {failed} failed, {queued} queued
        {batch.state === 'done' ? ' — done' : ''}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={done}
        aria-label="Pull requests opened"
      />
      <Table size="small" aria-label="Teams">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Pull request</TableCell>
            <TableCell>Certificates</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {batch.teams.map(t => (
            <TableRow key={t.team}>
              <TableCell>{t.team}</TableCell>
              <TableCell>
                <Chip size="small" label={t.state} color={COLOR[t.state]} />
              </TableCell>
              <TableCell>
                {t.pullRequest ? (
                  <PullRequestLink pullRequest={t.pullRequest} />
                ) : (
                  t.error ?? '—'
                )}
              </TableCell>
              <TableCell>{t.certificates.length}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Results
      </Typography>
      <ul aria-label="Results">
        {batch.rows.map(r => {
          const target = r.requestId ? cancelTarget(r.requestId) : undefined;
          return (
            <li key={r.row}>
              Line {csvLine(r.row)}: {r.outcome}
              {r.requestId && (
                <>
                  {' '}
                  {/* Underlined: the row's text around it must not be told apart by colour alone. */}
                  <Link to={props.requestLink(r.requestId)} underline="always">
                    {r.certificateName ?? r.requestId}
                  </Link>
                  {stateOf(batch, r.requestId) &&
                    ` (${stateOf(batch, r.requestId)})`}
                </>
              )}
              {r.problems?.map(p => ` ${p.field}: ${p.message}`).join(';')}
              {target && (
                <>
                  {' '}
                  <CancelRequestButton
                    target={target}
                    onCancelled={() => props.onChange?.()}
                  />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </InfoCard>
  );
}
