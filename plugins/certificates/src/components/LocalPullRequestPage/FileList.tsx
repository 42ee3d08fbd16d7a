import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { PullRequestFile } from '@internal/plugin-certificates-common';
import { DiffView } from './DiffView';

const STATUS_TEXT = { added: 'added', modified: 'changed', deleted: 'removed' };

/** The folder a file is in: a tenant's files and the platform's read as groups. */
function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '(repository root)' : path.slice(0, slash);
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function countLines(diff: string, sign: '+' | '-'): number {
  return diff.split('\n').filter(l => l.startsWith(sign)).length;
}

/** Up to this many files every diff starts open. */
const OPEN_ALL_UP_TO = 25;

/**
 * The changed files grouped by folder, each collapsible with its diff.
 * Pull requests of up to {@link OPEN_ALL_UP_TO} files open every file;
 * larger ones (a bulk request) open only the certificates' own files, so the
 * page stays readable and the reviewer sees what was asked for first.
 */
export const FileList = (props: { files: PullRequestFile[] }) => {
  const groups = new Map<string, PullRequestFile[]>();
  for (const file of props.files)
    groups.set(folderOf(file.path), [
      ...(groups.get(folderOf(file.path)) ?? []),
      file,
    ]);
  const expanded = (file: PullRequestFile) =>
    props.files.length <= OPEN_ALL_UP_TO ||
    file.path.includes('/certificates/');
  return (
    <>
      {[...groups].map(([folder, files]) => (
        <section key={folder} aria-label={`Files in ${folder}`}>
          <Typography variant="h6" component="h3" gutterBottom>
            {folder}
          </Typography>
          {files.map(file => (
            <Accordion
              key={file.path}
              defaultExpanded={expanded(file)}
              TransitionProps={{ unmountOnExit: true }}
            >
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                <Typography component="span">
                  <strong>{fileName(file.path)}</strong> (
                  {STATUS_TEXT[file.status]}, +{countLines(file.diff, '+')} −
                  {countLines(file.diff, '-')})
                </Typography>
              </AccordionSummary>
              <AccordionDetails style={{ display: 'block' }}>
                <DiffView diff={file.diff} path={file.path} />
              </AccordionDetails>
            </Accordion>
          ))}
        </section>
      ))}
    </>
  );
};
