import { useApi } from '@backstage/core-plugin-api';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Box, Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { certificatesApiRef, errorMessage } from '../../api';

/** Retry a failed request; cancel one that is still open. */
export const RequestActions = (props: {
  request: StoredCertificateRequest;
  onChange: () => void;
}) => {
  const api = useApi(certificatesApiRef);
  const { request, onChange } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const open = ['pending', 'pr-open', 'failed'].includes(request.state);
  if (!open) return null;

  const act = (action: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChange();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mt={1} mb={1}>
      {request.state === 'failed' && (
        <Button
          size="small"
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={act(() => api.retryRequest(request.id))}
        >
          Retry
        </Button>
      )}{' '}
      <Button
        size="small"
        variant="outlined"
        disabled={busy}
        onClick={act(() => api.cancelRequest(request.id))}
      >
        Cancel request
      </Button>
      {error && (
        <Alert severity="error" style={{ marginTop: 8 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
};
