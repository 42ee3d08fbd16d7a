import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { certificatesApiRef } from '../../api';
import { KIND_LABELS, requestKind } from '../RequestList/requestKind';
import { useRetryWhile } from '../status/useRetryWhile';
import { toRow } from './certificateRows';
import { TeamRow } from './certificateColumns';

/** How soon a "refreshing" answer is asked again. */
const REFRESHING_RETRY_MS = 5000;

/**
 * The team's certificate status with, per certificate, its latest request
 * (for the request link and the kind of change). Without the requests (an
 * error there) the rows still show, without kind.
 */
export function useTeamCertificates(team: string) {
  const api = useApi(certificatesApiRef);
  const state = useAsyncRetry(async () => {
    const [status, requests] = await Promise.all([
      api.getTeamCertificates(team),
      api.listRequests({ team }).catch(() => []),
    ]);
    const rows: TeamRow[] = status.items.map(item => {
      const latest = requests
        .filter(
          r => r.team === team && r.certificateName === item.certificateName,
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      return {
        ...toRow(item),
        kind: latest ? KIND_LABELS[requestKind(latest, requests)] : '—',
        requestId: latest?.id ?? item.steps.requested.requestId,
      };
    });
    return { status, rows };
  }, [api, team]);
  // No snapshot yet (the backend's refresher just started): ask again shortly instead of waiting on the clusters.
  useRetryWhile(
    !!state.value?.status.refreshing,
    state.retry,
    REFRESHING_RETRY_MS,
    state.value,
  );
  return state;
}
