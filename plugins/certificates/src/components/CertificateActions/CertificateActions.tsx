import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  certificateRequestCreatePermission,
  RenewAvailability,
} from '@internal/plugin-certificates-common';
import { Box, Button, Chip, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { certificatesApiRef } from '../../api';
import { PullRequestLink } from '../PullRequestLink';
import { ConfirmDialog } from './ConfirmDialog';
import { useDangerStyles } from './dangerStyles';
import { useAction } from './useAction';

/**
 * "Renew now" and "Decommission" on a certificate's status card, and its
 * decommission state. The buttons show only to those the permission policy
 * lets write for the team; the backend checks again (team members) and
 * answers a repeat with the same request. Both ask first in a dialog that
 * names the certificate's DNS name and what will happen; Renew now is
 * disabled, with the backend's plain reason, where no cluster allows it.
 */
export const CertificateActions = (props: {
  team: string;
  name: string;
  /** The certificate's DNS names: what the dialogs name. */
  names?: string[];
  decommission?: 'decommissioning' | 'decommissioned';
  renew?: RenewAvailability;
  onChange?: () => void;
}) => {
  const api = useApi(certificatesApiRef);
  const { team, name, decommission } = props;
  const label = props.names?.[0] ?? name;
  const { busy, outcome, run } = useAction(props.onChange);
  const [asking, setAsking] = useState<'renew' | 'decommission'>();
  // Decided on the team: renew and decommission act on its certificates.
  const { allowed } = usePermission({
    permission: certificateRequestCreatePermission,
    resourceRef: team,
  });
  const renewAllowed = props.renew?.allowed ?? true;
  const danger = useDangerStyles();

  const renew = () =>
    run(async () => {
      const answer = await api.renewCertificate(team, name);
      return {
        severity: answer.changed ? 'success' : 'info',
        text: answer.outcomes
          .map(o =>
            o.result === 'renewed'
              ? `Renewal of ${label} started on ${o.cluster} (a new private key is generated)`
              : `${label} is already renewing on ${o.cluster}`,
          )
          .join('; '),
      };
    });
  const decommissionNow = () =>
    run(async () => {
      const answer = await api.decommissionCertificate(team, name);
      return answer.pullRequest
        ? {
            severity: 'success',
            text: `The pull request that decommissions ${label} is open:`,
            pullRequest: answer.pullRequest,
          }
        : {
            severity: 'success',
            text: `Decommission of ${label} requested (${answer.state})`,
          };
    });

  return (
    <Box mb={1} data-testid="certificate-actions">
      {decommission && (
        <Chip
          size="small"
          className={
            decommission === 'decommissioning' ? danger.contained : undefined
          }
          label={decommission}
          data-testid="decommission-state"
          style={{ marginRight: 8 }}
        />
      )}
      {!decommission && allowed && (
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 8 }}
        >
          <Button
            size="small"
            variant="outlined"
            disabled={busy || !renewAllowed}
            aria-describedby={renewAllowed ? undefined : 'renew-reason'}
            onClick={() => setAsking('renew')}
          >
            Renew now
          </Button>
          <Button
            size="small"
            variant="outlined"
            className={danger.outlined}
            disabled={busy}
            onClick={() => setAsking('decommission')}
          >
            Decommission
          </Button>
          {!renewAllowed && props.renew?.reason && (
            <Typography
              id="renew-reason"
              variant="body2"
              color="textSecondary"
              data-testid="renew-reason"
            >
              {props.renew.reason}
            </Typography>
          )}
        </Box>
      )}
      <ConfirmDialog
        open={asking === 'renew'}
        title={`Renew ${label} now?`}
        confirmLabel="Renew now"
        onConfirm={renew}
        onClose={() => setAsking(undefined)}
      >
        cert-manager issues {label} again now, with a new private key. The
        Secret and its Vault copy are replaced once the new certificate is
        issued; services pick it up as they do at a normal renewal.
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'decommission'}
        title={`Decommission ${label}?`}
        confirmLabel="Decommission"
        danger
        onConfirm={decommissionNow}
        onClose={() => setAsking(undefined)}
      >
        This opens a pull request that removes the certificate for {label} from
        team {team}: its Certificate and Secret in the cluster and its copy in
        Vault. Once merged, services using it lose it and it is no longer
        renewed. With the team's last certificate, its namespace goes too.
      </ConfirmDialog>
      {outcome && (
        <Alert
          severity={outcome.severity}
          style={{ marginTop: 8 }}
          data-testid="certificate-action-outcome"
        >
          {outcome.text}
          {outcome.pullRequest && (
            <>
              {' '}
              <PullRequestLink pullRequest={outcome.pullRequest}>
                #{outcome.pullRequest.number}
              </PullRequestLink>
            </>
          )}
        </Alert>
      )}
    </Box>
  );
};
