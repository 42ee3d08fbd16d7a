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
import { CertificateBatch } from '@internal/plugin-certificates-common';
import { csvLine } from './BulkPreviewTable';

const COLOR = {
  queued: 'default',
  opened: 'primary',
  failed: 'secondary',
} as const;

/** A stored bulk request: the progress bar while its pull requests open, each team's state, and each row's result. */
export function BulkProgress(props: {
  batch: CertificateBatch;
  requestLink: (id: string) => string;
}) {
  const { batch } = props;
  const { queued, opened, failed } = batch.progress;
  const total = queued + opened + failed;
  const done = total === 0 ? 100 : ((opened + failed) / total) * 100;
  return (
    <InfoCard title={`Bulk request ${batch.id}`}>
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
        {batch.rows.map(r => (
          <li key={r.row}>
            Line {csvLine(r.row)}: {r.outcome}
            {r.requestId && (
              <>
                {' '}
                <Link to={props.requestLink(r.requestId)}>
                  {r.certificateName ?? r.requestId}
                </Link>
              </>
            )}
            {r.problems?.map(p => ` ${p.field}: ${p.message}`).join(';')}
          </li>
        ))}
      </ul>
    </InfoCard>
  );
}
