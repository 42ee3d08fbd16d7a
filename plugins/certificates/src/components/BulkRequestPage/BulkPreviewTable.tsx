import { InfoCard } from '@backstage/core-components';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { BulkPreview } from '@internal/plugin-certificates-common';

/** CSV line of a row: the header is line 1. */
export const csvLine = (row: number) => row + 2;

/** Per team: the names and files its pull request would hold; then every row's problems. */
export function BulkPreviewTable(props: { preview: BulkPreview }) {
  const { teams, rows } = props.preview;
  const rejected = rows.filter(r => r.outcome === 'rejected');
  return (
    <InfoCard title={`Preview: ${teams.length} pull request(s)`}>
      {rejected.length > 0 && (
        <Alert severity="error" role="alert">
          <Typography variant="subtitle2">
            {rejected.length} row(s) with problems
          </Typography>
          <ul aria-label="Problems">
            {rejected.flatMap(r =>
              (r.problems ?? []).map((p, i) => (
                <li key={`${r.row}-${i}`}>
                  Line {csvLine(r.row)} (rows[{r.row}].{p.field}): {p.message}
                </li>
              )),
            )}
          </ul>
        </Alert>
      )}
      <Table size="small" aria-label="Pull requests">
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            <TableCell>Names</TableCell>
            <TableCell>Files</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {teams.map(t => (
            <TableRow key={t.team}>
              <TableCell>{t.team}</TableCell>
              <TableCell>
                {t.certificates.flatMap(c => c.names).join(', ')}
              </TableCell>
              <TableCell>
                <details>
                  <summary>{t.files.length} files</summary>
                  {t.files.map(f => (
                    <div key={f}>
                      <code>{f}</code>
                    </div>
                  ))}
                </details>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
