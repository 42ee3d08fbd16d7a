import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Divider, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { Fragment } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  certificateRefsOf,
  COMPONENT_CERTIFICATES_ANNOTATION,
} from '../../annotations';
import { certificatesApiRef } from '../../api';
import { AsyncRetryContent } from '../AsyncRetryContent';
import { CertificateActions } from '../CertificateActions';
import { useLiveRefresh } from '../status/useLiveRefresh';
import { UpdatedAgo } from '../UpdatedAgo';
import { CertificateLifecycleView } from './CertificateLifecycleView';
import { DecommissionedNotice } from './DecommissionedNotice';

/** Fetches one certificate's status (`GET /certificates/:team/:name`) and shows it. */
export const CertificateStatus = (props: { team: string; name: string }) => {
  const api = useApi(certificatesApiRef);
  const { team, name } = props;
  const state = useAsyncRetry(
    () => api.getCertificate(team, name),
    [api, team, name],
  );
  // Live through signals when the app has them, else polled.
  useLiveRefresh(team, state.retry);

  return (
    <AsyncRetryContent
      state={state}
      what={`the status of ${team}/${name}`}
      notFound={
        <Alert severity="info">
          No status for {team}/{name} yet: the certificate is not requested or
          not on a cluster.
        </Alert>
      }
    >
      {certificate => (
        <>
          <CertificateActions
            team={team}
            name={name}
            names={certificate.names}
            decommission={certificate.decommission}
            renew={certificate.renew}
            onChange={state.retry}
          />
          <UpdatedAgo at={certificate.observedAt} prefix="Status updated" />
          {certificate.decommission === 'decommissioned' ? (
            <DecommissionedNotice certificate={certificate} />
          ) : (
            <CertificateLifecycleView certificate={certificate} />
          )}
        </>
      )}
    </AsyncRetryContent>
  );
};

/**
 * The status card of a certificate: on its Resource entity, or on a Component
 * naming its certificates in `certificates.backstage.io/certificates`.
 */
export const CertificateStatusCard = () => {
  const { entity } = useEntity();
  const refs = certificateRefsOf(entity);
  return (
    <InfoCard
      title="Certificate status"
      subheader={refs.length > 1 ? `${refs.length} certificates` : undefined}
    >
      {refs.length === 0 && (
        <Alert severity="info">
          This entity names no certificate. Add the annotation{' '}
          <code>
            {COMPONENT_CERTIFICATES_ANNOTATION}: "&lt;team&gt;/&lt;name&gt;"
          </code>
          .
        </Alert>
      )}
      {refs.map((ref, i) => (
        <Fragment key={`${ref.team}/${ref.name}`}>
          {i > 0 && <Divider style={{ margin: '16px 0' }} />}
          {refs.length > 1 && (
            <Box mb={1}>
              <Typography variant="h6" component="h3">
                {ref.team}/{ref.name}
              </Typography>
            </Box>
          )}
          <CertificateStatus team={ref.team} name={ref.name} />
        </Fragment>
      ))}
    </InfoCard>
  );
};
