import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CancelScope,
  certificateRequestCreatePermission,
} from '@internal/plugin-certificates-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { certificatesApiRef, errorMessage } from '../../api';

/** What the dialog names: the request, its DNS names and how many certificates its pull request carries. */
export type CancelTarget = {
  id: string;
  names: string[];
  /** Open certificates on the request's pull request, this one included (a bulk request's team shares one). */
  share: number;
  pullRequestNumber?: number;
};

/**
 * Asks before cancelling a request, naming its DNS names. A request whose
 * pull request carries other certificates gets two choices: remove only
 * this certificate (a commit removes its files) or cancel every certificate
 * of that pull request, which is closed.
 */
export const CancelRequestDialog = (props: {
  target: CancelTarget;
  open: boolean;
  onClose: () => void;
  onCancelled: () => void;
}) => {
  const api = useApi(certificatesApiRef);
  const { target, open, onClose, onCancelled } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const shared = target.share > 1;
  const names = target.names.join(', ');
  const pr = target.pullRequestNumber
    ? `pull request #${target.pullRequestNumber}`
    : 'its pull request';

  const cancel = (scope: CancelScope) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.cancelRequest(target.id, { scope });
      onCancelled();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="cancel-request"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="cancel-request">
        Cancel the request for {names}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {shared
            ? `${target.share} certificates share ${pr}. Remove only ${names} from it (one commit removes its files; the others keep the pull request), or cancel all ${target.share} certificates and close it.`
            : `${pr[0].toUpperCase()}${pr.slice(
                1,
              )} is closed unmerged and its branch deleted.`}
        </DialogContentText>
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        {/* Short labels stay on one line on a phone. */}
        <Button
          onClick={onClose}
          disabled={busy}
          style={{ whiteSpace: 'nowrap' }}
        >
          Keep it
        </Button>
        {shared && (
          <Button onClick={cancel('batch')} disabled={busy}>
            Cancel all {target.share} certificates
          </Button>
        )}
        <Button
          onClick={cancel('request')}
          disabled={busy}
          color="primary"
          variant="contained"
        >
          {shared ? 'Remove only this certificate' : 'Cancel request'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** The "Cancel request" button with its dialog, for those the policy lets write for the request. */
export const CancelRequestButton = (props: {
  target: CancelTarget;
  onCancelled: () => void;
  disabled?: boolean;
}) => {
  const [open, setOpen] = useState(false);
  const { allowed } = usePermission({
    permission: certificateRequestCreatePermission,
    resourceRef: props.target.id,
  });
  if (!allowed) return null;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        disabled={props.disabled}
        onClick={() => setOpen(true)}
      >
        Cancel request
      </Button>
      <CancelRequestDialog
        target={props.target}
        open={open}
        onClose={() => setOpen(false)}
        onCancelled={props.onCancelled}
      />
    </>
  );
};
