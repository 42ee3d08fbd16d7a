import { InfoCard } from '@backstage/core-components';
import { RenderedFile } from '@internal/plugin-certificates-common';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import { formatTime } from '../status/lifecycle';
import { Change } from './changeOf';
import { groupPreview, PREVIEW_GROUPS } from './previewGroups';

/** For a request that changes a certificate the team already asked for: what changes. */
const ChangeNote = (props: { change: Change }) => {
  const { previous, lines } = props.change;
  const since = `${previous.certificateName}, requested ${formatTime(
    previous.createdAt,
  )} (${previous.state})`;
  return (
    <Alert
      severity="info"
      data-testid="preview-change"
      style={{ marginBottom: 16 }}
    >
      {lines.length === 0 ? (
        <>Same as {since}: submitting gives back that request.</>
      ) : (
        <>
          This changes {since}:
          <ul style={{ margin: 0 }}>
            {lines.map(line => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
};

const FileView = (props: { file: RenderedFile }) => (
  <Box mb={2} data-testid="preview-file" width="100%">
    <Typography variant="subtitle2" component="h4">
      {props.file.path}
    </Typography>
    {/* It scrolls: focusable, so keyboard users can scroll it too (axe: scrollable-region-focusable). */}
    <pre
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="region"
      aria-label={props.file.path}
      style={{ overflowX: 'auto', fontSize: 12, maxHeight: 240, margin: 0 }}
    >
      {props.file.content}
    </pre>
  </Box>
);

/**
 * The exact files the pull request would contain (and, for a change of a
 * certificate the team has, what changes), by what they are: the
 * team's Certificate open and first; the platform's tenant files and the
 * policies folded, as most requests leave them alone.
 */
export const PreviewPanel = (props: {
  files?: RenderedFile[];
  change?: Change;
}) => (
  <InfoCard
    title="Pull request preview"
    subheader={props.files ? `${props.files.length} files` : undefined}
  >
    {!props.files && (
      <Typography color="textSecondary">
        Fill in the form to see the files.
      </Typography>
    )}
    {props.files && props.change && <ChangeNote change={props.change} />}
    {props.files &&
      groupPreview(props.files).map(group => (
        <Accordion
          key={group.key}
          defaultExpanded={group.key === 'certificate'}
          data-testid={`preview-group-${group.key}`}
        >
          <AccordionSummary
            expandIcon={<ExpandMoreIcon />}
            aria-controls={`preview-${group.key}-content`}
            id={`preview-${group.key}-header`}
          >
            <Box>
              <Typography variant="subtitle1" component="h3">
                {PREVIEW_GROUPS[group.key].title} ({group.files.length})
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {PREVIEW_GROUPS[group.key].description}
              </Typography>
            </Box>
          </AccordionSummary>
          <AccordionDetails style={{ flexDirection: 'column' }}>
            {group.files.map(file => (
              <FileView key={file.path} file={file} />
            ))}
          </AccordionDetails>
        </Accordion>
      ))}
  </InfoCard>
);
