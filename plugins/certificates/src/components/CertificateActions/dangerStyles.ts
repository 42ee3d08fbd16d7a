import { makeStyles } from '@material-ui/core';

/**
 * Destructive buttons in the theme's dark red: the secondary pink is below
 * 4.5:1 for button text on white, and white text on it (WCAG AA).
 */
export const useDangerStyles = makeStyles(theme => ({
  outlined: {
    color: theme.palette.error.dark,
    borderColor: theme.palette.error.dark,
  },
  contained: {
    color: theme.palette.common.white,
    backgroundColor: theme.palette.error.dark,
    '&:hover': { backgroundColor: theme.palette.error.dark },
  },
}));
