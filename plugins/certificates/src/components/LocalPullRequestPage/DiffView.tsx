import { makeStyles } from '@material-ui/core';

/*
 * Added and removed lines keep their `+`/`-` sign (colour is never the only
 * cue) and are tinted with pairs that pass WCAG AA (4.5:1) for the text on
 * them in both themes: dark text on a light tint, light text on a dark one.
 */
const useStyles = makeStyles(theme => {
  const dark = theme.palette.type === 'dark';
  return {
    diff: {
      margin: 0,
      overflowX: 'auto',
      fontFamily: 'monospace',
      fontSize: '0.85rem',
      lineHeight: 1.5,
      color: theme.palette.text.primary,
    },
    // As wide as the longest line, so tints reach the end of every line when scrolled.
    lines: { display: 'inline-block', minWidth: '100%' },
    line: { display: 'block', whiteSpace: 'pre', padding: '0 8px' },
    added: {
      backgroundColor: dark ? '#0b3d1a' : '#e6ffec',
      color: dark ? '#d2f5dc' : '#0a3617',
    },
    removed: {
      backgroundColor: dark ? '#4a0d12' : '#ffebe9',
      color: dark ? '#ffd7d5' : '#5c0a10',
    },
    hunk: {
      backgroundColor: dark ? '#102a43' : '#ddf4ff',
      color: dark ? '#cde6ff' : '#0a2f5c',
    },
  };
});

const KIND = { '+': 'added', '-': 'removed', '@': 'hunk' } as const;
const LABEL = { added: 'added', removed: 'removed', hunk: undefined };

/** A unified diff, one line per row, added and removed lines marked. */
export const DiffView = (props: { diff: string; path: string }) => {
  const classes = useStyles();
  if (!props.diff) return <em>No text changes (an empty or binary file).</em>;
  return (
    <pre
      className={classes.diff}
      aria-label={`Changes to ${props.path}`}
      // Focusable: long lines scroll sideways, also from the keyboard.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      <span className={classes.lines}>
        {props.diff.split('\n').map((line, i) => {
          const kind = KIND[line[0] as keyof typeof KIND];
          return (
            <code
              // The lines of a diff never reorder: the index is their identity.
              key={i}
              className={`${classes.line} ${kind ? classes[kind] : ''}`}
              data-diff={kind ?? 'context'}
              title={kind ? LABEL[kind] : undefined}
            >
              {line || ' '}
            </code>
          );
        })}
      </span>
    </pre>
  );
};
