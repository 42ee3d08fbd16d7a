import { Typography } from '@material-ui/core';
import { useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { formatTime } from '../status/lifecycle';
import { formatAge } from './formatAge';

/**
 * "updated 2 min ago" for a status snapshot, kept current while the page is
 * open; the exact time in its title.
 */
export const UpdatedAgo = (props: { at: string; prefix?: string }) => {
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), 30_000);
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="span"
      title={formatTime(props.at)}
      data-testid="updated-ago"
    >
      {props.prefix ?? 'updated'} {formatAge(props.at, now)}
    </Typography>
  );
};
