import { Content, Header, Page } from '@backstage/core-components';
import { AllRequestsLink } from '../CertificatesPage/AllRequestsLink';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, Grid } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  BulkPreview,
  CertificateRequestInput,
  parseBulkCsv,
} from '@internal/plugin-certificates-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef, errorMessage } from '../../api';
import { AsyncRetryContent } from '../AsyncRetryContent';
import { useRetryWhile } from '../status/useRetryWhile';
import { BulkInput } from './BulkInput';
import { BulkPreviewTable } from './BulkPreviewTable';
import { BulkProgress } from './BulkProgress';

/** How often the progress of a publishing batch is read. */
const POLL_MS = 2000;

/**
 * `/certificates/bulk`: paste or upload a CSV, preview each team's pull
 * request and every row's problems, submit, then follow the pull requests
 * (`?batch=<id>`) until each team's is opened or failed.
 */
export const BulkRequestPage = (props: { base: string; pollMs?: number }) => {
  const api = useApi(certificatesApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const batchId = searchParams.get('batch') ?? undefined;
  const [csv, setCsv] = useState('');
  const [partial, setPartial] = useState(false);
  const [rows, setRows] = useState<CertificateRequestInput[]>();
  const [preview, setPreview] = useState<BulkPreview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // One key per previewed list: a repeated click (or a retry) never stores the batch twice.
  const [idempotencyKey, setIdempotencyKey] = useState('');

  const batch = useAsyncRetry(
    async () => (batchId ? api.getBulkRequest(batchId) : undefined),
    [api, batchId],
  );
  useRetryWhile(
    batch.value?.state === 'publishing',
    batch.retry,
    props.pollMs ?? POLL_MS,
    batch.value,
  );

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onPreview = () =>
    run(async () => {
      setPreview(undefined);
      const parsed = parseBulkCsv(csv);
      if (!parsed.ok) {
        setError(
          parsed.problems.map(p => `${p.field}: ${p.message}`).join('\n'),
        );
        return;
      }
      setRows(parsed.rows);
      setIdempotencyKey(
        `bulk-page:${Date.now()}:${Math.random().toString(36).slice(2)}`,
      );
      setPreview(await api.previewBulkRequest(parsed.rows));
    });

  const rejected =
    preview?.rows.filter(r => r.outcome === 'rejected').length ?? 0;
  const canSubmit =
    !!preview &&
    !!rows &&
    preview.teams.length > 0 &&
    (rejected === 0 || partial);
  const onSubmit = () =>
    run(async () => {
      const stored = await api.createBulkRequest(rows!, {
        partial,
        idempotencyKey,
      });
      setSearchParams({ batch: stored.id });
    });

  return (
    <Page themeId="tool">
      <Header
        title="Request many TLS certificates"
        subtitle="One pull request per team"
      />
      <Content>
        <AllRequestsLink />
        <Grid container spacing={3}>
          {batchId ? (
            <Grid item xs={12}>
              <AsyncRetryContent state={batch} what="the bulk request">
                {value =>
                  value && (
                    <BulkProgress
                      batch={value}
                      onChange={batch.retry}
                      requestLink={id =>
                        `${props.base}?request=${encodeURIComponent(id)}`
                      }
                    />
                  )
                }
              </AsyncRetryContent>
            </Grid>
          ) : (
            <>
              <Grid item xs={12}>
                <BulkInput
                  csv={csv}
                  onCsv={value => {
                    setCsv(value);
                    setPreview(undefined);
                  }}
                  partial={partial}
                  onPartial={setPartial}
                  onPreview={onPreview}
                  busy={busy}
                />
              </Grid>
              {error && (
                <Grid item xs={12}>
                  <Alert severity="error" style={{ whiteSpace: 'pre-line' }}>
                    {error}
                  </Alert>
                </Grid>
              )}
              {preview && (
                <Grid item xs={12}>
                  <BulkPreviewTable preview={preview} />
                  <Box mt={2}>
                    <Button
                      variant="contained"
                      color="primary"
                      disabled={!canSubmit || busy}
                      onClick={onSubmit}
                    >
                      Submit {preview.teams.length} pull request(s)
                    </Button>
                  </Box>
                </Grid>
              )}
            </>
          )}
        </Grid>
      </Content>
    </Page>
  );
};
