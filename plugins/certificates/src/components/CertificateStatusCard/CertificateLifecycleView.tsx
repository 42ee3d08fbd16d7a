import {
  CertificateStatusDetails,
  CertificateStatusSummary,
  StatusStep,
} from '@internal/plugin-certificates-common';
import { Box, Step, StepLabel, Stepper, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ExpiryChip } from '../ExpiryChip';
import { PullRequestLink } from '../PullRequestLink';
import {
  currentStep,
  daysToExpiry,
  formatTime,
  issuerOf,
  orderedSteps,
  STATE_LABELS,
  STEP_LABELS,
  vaultSync,
} from '../status/lifecycle';
import { DrillDown } from './DrillDown';

function StepCaption(props: { step: StatusStep }) {
  const { step } = props;
  return (
    <span data-testid={`step-${step.key}`}>
      <Typography variant="caption" component="span" display="block">
        {STATE_LABELS[step.state]}
        {step.time ? ` · ${formatTime(step.time)}` : ''}
      </Typography>
      {step.message && (
        <Typography
          variant="caption"
          component="span"
          display="block"
          color="textSecondary"
        >
          {step.message}
        </Typography>
      )}
    </span>
  );
}

function Fact(props: { label: string; children: React.ReactNode }) {
  return (
    <Box display="flex" mb={0.5}>
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ minWidth: 140 }}
      >
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** One certificate's lifecycle: the stuck step's reason, the seven steps, facts and drill-down. */
export const CertificateLifecycleView = (props: {
  certificate: CertificateStatusSummary | CertificateStatusDetails;
}) => {
  const { certificate } = props;
  const steps = orderedSteps(certificate.steps);
  const current = currentStep(certificate);
  const failed =
    steps.find(s => s.key === certificate.failure?.step) ??
    steps.find(s => s.state === 'failed');
  const reason = certificate.failure?.reason ?? failed?.reason;
  const allDone = steps.every(s => s.state === 'done');
  const activeStep = allDone
    ? steps.length
    : steps.findIndex(s => s.key === current.key);
  const issued = certificate.steps.issued.issued;
  const days = daysToExpiry(issued?.notAfter);
  const vault = certificate.steps.vault.vault;
  const pr = certificate.steps.pullRequest.pullRequest;
  const renewal =
    certificate.steps.renewal.renewal?.renewalTime ?? issued?.renewalTime;
  const details = 'details' in certificate ? certificate.details : undefined;

  return (
    <div>
      {failed && (
        <Alert severity="error" role="alert" style={{ marginBottom: 8 }}>
          <AlertTitle>Stuck at “{STEP_LABELS[failed.key]}”</AlertTitle>
          <Typography
            variant="body2"
            data-testid="failure-reason"
            style={{ fontWeight: 500 }}
          >
            {reason?.message ??
              certificate.failure?.message ??
              failed.message ??
              'failed'}
          </Typography>
          {reason && (
            <Typography variant="caption" display="block">
              {reason.source}
              {reason.reason ? ` · ${reason.reason}` : ''}
            </Typography>
          )}
        </Alert>
      )}
      {!failed && current.reason && (
        <Alert severity="info" style={{ marginBottom: 8 }}>
          <AlertTitle>Waiting at “{STEP_LABELS[current.key]}”</AlertTitle>
          {current.reason.message}
        </Alert>
      )}
      <Stepper
        orientation="vertical"
        activeStep={activeStep}
        aria-label="Certificate lifecycle"
        style={{ padding: 8 }}
      >
        {steps.map(step => (
          <Step key={step.key} completed={step.state === 'done'}>
            <StepLabel
              error={step.state === 'failed'}
              optional={<StepCaption step={step} />}
            >
              {STEP_LABELS[step.key]}
            </StepLabel>
          </Step>
        ))}
      </Stepper>
      <Box mt={1} mb={1}>
        <Fact label="Names">{certificate.names.join(', ') || '—'}</Fact>
        <Fact label="Issuer">{issuerOf(certificate) ?? '—'}</Fact>
        <Fact label="Expires">
          <ExpiryChip days={days} />
          {issued?.notAfter ? ` ${formatTime(issued.notAfter)}` : ''}
        </Fact>
        <Fact label="Next renewal">{formatTime(renewal)}</Fact>
        <Fact label="Vault">
          {vaultSync(certificate)}
          {vault?.currentVersion !== undefined
            ? ` · version ${vault.currentVersion}`
            : ''}
          {vault?.updatedTime ? ` · ${formatTime(vault.updatedTime)}` : ''}
          {vault?.path ? ` · ${vault.path}` : ''}
        </Fact>
        <Fact label="Pull request">
          {pr ? (
            <PullRequestLink pullRequest={pr}>
              #{pr.number} ({pr.state})
            </PullRequestLink>
          ) : (
            '—'
          )}
        </Fact>
        {certificate.cluster && (
          <Fact label="Cluster">
            {certificate.namespace}@{certificate.cluster}
            {certificate.clusterTitle ? ` · ${certificate.clusterTitle}` : ''}
            {certificate.alsoOn?.length
              ? ` (also on ${certificate.alsoOn.join(', ')})`
              : ''}
          </Fact>
        )}
      </Box>
      {details && <DrillDown details={details} />}
    </div>
  );
};
