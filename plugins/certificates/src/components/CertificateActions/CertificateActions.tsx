import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { certificateRequestCreatePermission } from '@internal/plugin-certificates-common';
import { Box, Button, Chip } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { certificatesApiRef, errorMessage } from '../../api';

type Outcome = { severity: 'success' | 'info' | 'error'; text: string };

/** Runs one action at a time and keeps its outcome for the user. */
function useAction(onDone?: () => void) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  async function run(action: () => Promise<Outcome>) {
    setBusy(true);
    try {
      setOutcome(await action());
      onDone?.();
    } catch (error) {
      setOutcome({ severity: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, outcome, run };
}

/**
 * "Renew now" and "Decommission" on a certificate's status card, and its
 * decommission state. The buttons show only to those the permission policy
 * lets write for the team; the backend checks again (team members) and
 * answers a repeat with the same request.
 */
export const CertificateActions = (props: {
  team: string;
  name: string;
  decommission?: 'decommissioning' | 'decommissioned';
  onChange?: () => void;
}) => {
  const api = useApi(certificatesApiRef);
  const { team, name, decommission } = props;
  const { busy, outcome, run } = useAction(props.onChange);
  // Decided on the team: renew and decommission act on its certificates.
  const { allowed } = usePermission({
    permission: certificateRequestCreatePermission,
    resourceRef: team,
  });

  return (
    <Box mb={1} data-testid="certificate-actions">
      {decommission && (
        <Chip
          size="small"
          color={decommission === 'decommissioning' ? 'secondary' : 'default'}
          label={decommission}
          data-testid="decommission-state"
          style={{ marginRight: 8 }}
        />
      )}
      {!decommission && allowed && (
        <>
          <Button
            size="small"
            variant="outlined"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const answer = await api.renewCertificate(team, name);
                return {
                  severity: answer.changed ? 'success' : 'info',
                  text: answer.outcomes
                    .map(o =>
                      o.result === 'renewed'
                        ? `Renewal started on ${o.cluster} (a new private key is generated)`
                        : `Already renewing on ${o.cluster}`,
                    )
                    .join('; '),
                };
              })
            }
          >
            Renew now
          </Button>{' '}
          <Button
            size="small"
            variant="outlined"
            color="secondary"
            disabled={busy}
            onClick={() => {
              // eslint-disable-next-line no-alert
              if (!window.confirm(`Decommission ${team}/${name}?`)) return;
              run(async () => {
                const answer = await api.decommissionCertificate(team, name);
                return {
                  severity: 'success',
                  text: answer.pullRequest
                    ? `Decommission pull request #${answer.pullRequest.number} is open`
                    : `Decommission requested (${answer.state})`,
                };
              });
            }}
          >
            Decommission
          </Button>
        </>
      )}
      {outcome && (
        <Alert
          severity={outcome.severity}
          style={{ marginTop: 8 }}
          data-testid="certificate-action-outcome"
        >
          {outcome.text}
        </Alert>
      )}
    </Box>
  );
};
