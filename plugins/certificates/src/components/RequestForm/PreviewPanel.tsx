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
import { groupPreview, PREVIEW_GROUPS } from './previewGroups';

const FileView = (props: { file: RenderedFile }) => (
  <Box mb={2} data-testid="preview-file" width="100%">
    <Typography variant="subtitle2" component="h4">
      {props.file.path}
    </Typography>
    <pre style={{ overflowX: 'auto', fontSize: 12, maxHeight: 240, margin: 0 }}>
      {props.file.content}
    </pre>
  </Box>
);

/**
 * The exact files the pull request would contain, by what they are: the
 * team's Certificate open and first; the platform's tenant files and the
 * policies folded, as most requests leave them alone.
 */
export const PreviewPanel = (props: { files?: RenderedFile[] }) => (
  <InfoCard
    title="Pull request preview"
    subheader={props.files ? `${props.files.length} files` : undefined}
  >
    {!props.files && (
      <Typography color="textSecondary">
        Fill in the form to see the files.
      </Typography>
    )}
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
