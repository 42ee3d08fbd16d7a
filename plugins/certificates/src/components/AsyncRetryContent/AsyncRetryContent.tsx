import { Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { errorMessage } from '../../api';

/**
 * What a `useAsyncRetry` load shows: progress until the first value, an error
 * with a Retry button (or `notFound` for a 404 when given), else `children`
 * with the value. A reload keeps showing the last value.
 */
export function AsyncRetryContent<T>(props: {
  state: { loading: boolean; error?: Error; value?: T; retry: () => void };
  /** Completes "Could not load …", e.g. "the certificates of team-a". */
  what: ReactNode;
  /** Shown instead of the error when the backend answers 404. */
  notFound?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.loading && !state.value) return <Progress />;
  if (state.error) {
    if (
      props.notFound !== undefined &&
      state.error instanceof ResponseError &&
      state.error.statusCode === 404
    ) {
      return <>{props.notFound}</>;
    }
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={state.retry}>
            Retry
          </Button>
        }
      >
        Could not load {props.what}: {errorMessage(state.error)}
      </Alert>
    );
  }
  if (state.value === undefined) return null;
  return <>{props.children(state.value)}</>;
}
