import { makeStyles } from '@material-ui/core';

/**
 * Labels and helper texts in the error state in the theme's darker red: the
 * main red is below 4.5:1 on white for text this small (WCAG AA).
 */
export const useErrorTextStyles = makeStyles(theme => ({
  root: { '&.Mui-error': { color: theme.palette.error.dark } },
}));
