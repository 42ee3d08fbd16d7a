import {
  CertificateStatusDetails,
  StatusObject,
} from '@internal/plugin-certificates-common';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ReactNode } from 'react';
import { formatTime } from '../status/lifecycle';

/** A small table with a header row of `columns`; `children` are its body rows. */
function SmallTable(props: {
  label: string;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map(column => (
            <TableCell key={column}>{column}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{props.children}</TableBody>
    </Table>
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
          <SmallTable
            label="Cluster objects"
            columns={['Kind', 'Name', 'Status', 'Created']}
          >
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
          </SmallTable>
        )}
        {details.events.length > 0 && (
          <SmallTable
            label="Events"
            columns={['Object', 'Type', 'Reason', 'Message', 'Last seen']}
          >
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
          </SmallTable>
        )}
      </AccordionDetails>
    </Accordion>
  );
};
