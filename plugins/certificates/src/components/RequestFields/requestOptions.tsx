import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CertificateOptions } from '@internal/plugin-certificates-common';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { certificatesApiRef } from '../../api';

type OptionsState = {
  value?: CertificateOptions;
  loading: boolean;
  error?: Error;
};

/** The signed-in user's request options (`GET /api/certificates/options`). */
export function useRequestOptions(): OptionsState {
  const api = useApi(certificatesApiRef);
  return useAsync(() => api.getOptions(), [api]);
}

/**
 * What to show instead of the request fields while the options load, when
 * they fail, or when the user is in no team that may request certificates;
 * `undefined` once there is something to choose from.
 */
export function requestOptionsFallback(
  state: OptionsState,
): JSX.Element | undefined {
  if (state.loading) return <Progress />;
  if (state.error)
    return (
      <Alert severity="error">
        Could not load the request options: {state.error.message}
      </Alert>
    );
  if (!state.value || state.value.teams.length === 0) {
    return (
      <Alert severity="info">
        You are not a member of any team that may request certificates.
      </Alert>
    );
  }
  return undefined;
}
