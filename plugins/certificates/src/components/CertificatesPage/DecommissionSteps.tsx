import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Step, StepLabel, Stepper, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef } from '../../api';
import { useLiveRefresh } from '../status/useLiveRefresh';

type StepView = { label: string; done: boolean; caption: string };

/** The three steps of taking a certificate out, from the request and the certificate's status. */
export function decommissionSteps(
  request: Pick<StoredCertificateRequest, 'state' | 'pullRequest'>,
  removed: boolean | undefined,
): StepView[] {
  const merged = request.state === 'merged';
  return [
    {
      label: 'Decommission requested',
      done: true,
      caption: request.pullRequest
        ? `pull request #${request.pullRequest.number} opened`
        : 'the pull request is being opened',
    },
    {
      label: 'Pull request merged',
      done: merged,
      caption: merged ? 'merged' : 'waiting for a review and merge',
    },
    {
      label: 'Removed from the clusters and Vault',
      done: merged && removed === true,
      caption:
        merged && removed
          ? 'the Certificate, its Secret and its Vault copy are gone'
          : 'Argo CD removes them once the pull request is merged',
    },
  ];
}

/** A decommission request's progress: what it removes and how far it got (no creation steps). */
export const DecommissionSteps = (props: {
  request: StoredCertificateRequest;
}) => {
  const api = useApi(certificatesApiRef);
  const { request } = props;
  const status = useAsyncRetry(
    () => api.getCertificate(request.team, request.certificateName),
    [api, request.team, request.certificateName, request.state],
  );
  useLiveRefresh(request.team, status.retry);
  // Once the objects are gone the backend may no longer know the certificate at all.
  const gone =
    status.error instanceof ResponseError && status.error.statusCode === 404;
  const removed =
    gone || status.value?.decommission === 'decommissioned' ? true : undefined;
  const steps = decommissionSteps(request, removed);
  const active = steps.findIndex(s => !s.done);
  return (
    <Stepper
      activeStep={active === -1 ? steps.length : active}
      alternativeLabel
      aria-label="Decommission steps"
      data-testid="decommission-steps"
    >
      {steps.map(step => (
        <Step key={step.label} completed={step.done}>
          <StepLabel>
            {step.label}
            <Typography variant="caption" component="span" display="block">
              {step.caption}
            </Typography>
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
};
