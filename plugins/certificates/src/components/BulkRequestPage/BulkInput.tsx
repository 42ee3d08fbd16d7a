import { InfoCard } from '@backstage/core-components';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import { BULK_CSV_COLUMNS } from '@internal/plugin-certificates-common';
import { ChangeEvent } from 'react';

const EXAMPLE =
  'team,zone,subdomain,issuer\nteam-a,example.com,api.team-a,letsencrypt-staging';

/** The CSV (pasted or read from an uploaded file), and what to do with it. */
export function BulkInput(props: {
  csv: string;
  onCsv: (csv: string) => void;
  partial: boolean;
  onPartial: (partial: boolean) => void;
  onPreview: () => void;
  busy: boolean;
}) {
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) props.onCsv(await file.text());
  };
  return (
    <InfoCard title="Certificates">
      <Typography variant="body2" paragraph>
        One certificate per line after a header row. Columns:{' '}
        {BULK_CSV_COLUMNS.join(', ')} (team, zone and issuer are required;
        additionalNames separated by spaces or semicolons).
      </Typography>
      <TextField
        label="CSV"
        multiline
        minRows={8}
        maxRows={20}
        fullWidth
        variant="outlined"
        placeholder={EXAMPLE}
        value={props.csv}
        onChange={e => props.onCsv(e.target.value)}
        inputProps={{ 'aria-label': 'CSV', spellCheck: false }}
      />
      <Box display="flex" alignItems="center" mt={2} gridGap={16}>
        <Button variant="outlined" component="label">
          Upload CSV
          <input
            hidden
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-label="CSV file"
            onChange={upload}
          />
        </Button>
        <FormControlLabel
          control={
            <Checkbox
              checked={props.partial}
              onChange={e => props.onPartial(e.target.checked)}
            />
          }
          label="Store the valid rows and report the others"
        />
        <Button
          variant="contained"
          color="primary"
          disabled={props.busy || props.csv.trim() === ''}
          onClick={props.onPreview}
        >
          Preview
        </Button>
      </Box>
    </InfoCard>
  );
}
