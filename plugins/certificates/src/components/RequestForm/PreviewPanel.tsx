import { InfoCard } from '@backstage/core-components';
import { RenderedFile } from '@internal/plugin-certificates-common';
import { Typography } from '@material-ui/core';

/** The exact files the pull request would contain. */
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
    {props.files?.map(file => (
      <div key={file.path} data-testid="preview-file">
        <Typography variant="subtitle2" component="h3">
          {file.path}
        </Typography>
        <pre style={{ overflowX: 'auto', fontSize: 12, maxHeight: 240 }}>
          {file.content}
        </pre>
      </div>
    ))}
  </InfoCard>
);
