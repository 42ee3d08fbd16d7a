import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  certificateRequestCreatePermission,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Box, Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { certificatesApiRef, errorMessage } from '../../api';
import { CancelRequestButton } from '../CancelRequestDialog';

/**
 * Retry a failed request; cancel one that is still open, after a dialog
 * that says how many certificates share its pull request. For those the
 * policy lets write for the request.
 */
export const RequestActions = (props: {
  request: StoredCertificateRequest;
  onChange: () => void;
}) => {
  const api = useApi(certificatesApiRef);
  const { request, onChange } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { allowed } = usePermission({
    permission: certificateRequestCreatePermission,
    resourceRef: request.id,
  });
  const open = ['pending', 'pr-open', 'failed'].includes(request.state);
  if (!open || !allowed) return null;

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
      <CancelRequestButton
        target={{
          id: request.id,
          names: request.names,
          share: request.pullRequestShare ?? 1,
          pullRequestNumber: request.pullRequest?.number,
        }}
        onCancelled={onChange}
        disabled={busy}
      />
      {error && (
        <Alert severity="error" style={{ marginTop: 8 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
};
