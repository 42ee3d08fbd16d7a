import { Link } from '@backstage/core-components';
import {
  CertificateStatusDetails,
  CertificateStatusSummary,
  StatusObject,
  StatusStep,
} from '@internal/plugin-certificates-common';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  currentStep,
  daysToExpiry,
  EXPIRY_COLOURS,
  expiryBand,
  formatTime,
  issuerOf,
  orderedSteps,
  STATE_LABELS,
  STEP_LABELS,
  vaultSync,
} from '../status/lifecycle';

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

function conditionsOf(object: StatusObject): string {
  const conditions = (object.status?.conditions ?? []) as Array<{
    type?: string;
    status?: string;
    reason?: string;
  }>;
  const state =
    typeof object.status?.state === 'string'
      ? `state ${object.status.state}`
      : undefined;
  const reason =
    typeof object.status?.reason === 'string'
      ? object.status.reason
      : undefined;
  return [
    state,
    reason,
    ...conditions.map(
      c => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`,
    ),
  ]
    .filter(Boolean)
    .join('; ');
}

/** The CertificateRequests, Order, Challenges (and events) behind the certificate. */
export const DrillDown = (props: {
  details: CertificateStatusDetails['details'];
}) => {
  const { details } = props;
  const objects: Array<{ label: string; object: StatusObject }> = [
    ...(details.certificate
      ? [{ label: 'Certificate', object: details.certificate }]
      : []),
    ...details.certificateRequests.map(object => ({
      label: 'CertificateRequest',
      object,
    })),
    ...(details.order ? [{ label: 'Order', object: details.order }] : []),
    ...details.challenges.map(object => ({ label: 'Challenge', object })),
    ...(details.pushSecret
      ? [{ label: 'PushSecret', object: details.pushSecret }]
      : []),
    ...(details.application
      ? [{ label: 'Application', object: details.application }]
      : []),
  ];
  return (
    <Accordion>
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls="certificate-drilldown"
        id="certificate-drilldown-header"
      >
        <Typography variant="subtitle2">
          CertificateRequest / Order / Challenge ({objects.length} objects,{' '}
          {details.events.length} events)
        </Typography>
      </AccordionSummary>
      <AccordionDetails
        id="certificate-drilldown"
        style={{ display: 'block', overflowX: 'auto' }}
      >
        {objects.length === 0 ? (
          <Typography color="textSecondary">
            No cluster objects found yet.
          </Typography>
        ) : (
          <Table size="small" aria-label="Cluster objects">
            <TableHead>
              <TableRow>
                <TableCell>Kind</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Created</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {objects.map(({ label, object }) => (
                <TableRow key={`${label}/${object.metadata.name}`}>
                  <TableCell>{object.kind ?? label}</TableCell>
                  <TableCell>{object.metadata.name}</TableCell>
                  <TableCell>{conditionsOf(object) || '—'}</TableCell>
                  <TableCell>
                    {formatTime(object.metadata.creationTimestamp)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {details.events.length > 0 && (
          <Table size="small" aria-label="Events">
            <TableHead>
              <TableRow>
                <TableCell>Object</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Message</TableCell>
                <TableCell>Last seen</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {details.events.map((e, i) => (
                <TableRow key={i}>
                  <TableCell>
                    {e.involvedObject.kind}/{e.involvedObject.name}
                  </TableCell>
                  <TableCell>{e.type}</TableCell>
                  <TableCell>{e.reason}</TableCell>
                  <TableCell>{e.message}</TableCell>
                  <TableCell>
                    {formatTime(e.lastTimestamp ?? e.firstTimestamp)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </AccordionDetails>
    </Accordion>
  );
};

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
  const band = expiryBand(days);
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
          {days === undefined ? (
            '—'
          ) : (
            <Chip
              size="small"
              label={band === 'expired' ? 'expired' : `${days} days`}
              style={EXPIRY_COLOURS[band]}
              data-band={band}
            />
          )}
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
            <Link to={pr.url}>
              #{pr.number} ({pr.state})
            </Link>
          ) : (
            '—'
          )}
        </Fact>
        {certificate.cluster && (
          <Fact label="Cluster">
            {certificate.namespace}@{certificate.cluster}
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
