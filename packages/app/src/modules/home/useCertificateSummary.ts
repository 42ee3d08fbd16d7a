import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import {
  CertificatesClient,
  RequestState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** A certificate that expires within this many days counts as expiring soon. */
export const EXPIRING_DAYS = 30;

export type ExpiringCertificate = {
  team: string;
  names: string[];
  notAfter: string;
};

export type CertificateSummary = {
  teams: string[];
  /** Certificates (newest request per team and certificate) by the state of that request. */
  byState: Partial<Record<RequestState, number>>;
  total: number;
  openPullRequests: StoredCertificateRequest[];
  expiringSoon: ExpiringCertificate[];
};

/** The newest request of each team's certificate. */
function latest(requests: StoredCertificateRequest[]) {
  const newest = new Map<string, StoredCertificateRequest>();
  for (const r of requests) {
    const key = `${r.team}/${r.certificateName}`;
    const seen = newest.get(key);
    if (!seen || r.createdAt > seen.createdAt) newest.set(key, r);
  }
  return [...newest.values()];
}

/**
 * What the home page says about the signed-in user's certificates: the
 * requests of their teams (the backend lists only those) and, from each
 * team's status, what expires within {@link EXPIRING_DAYS} days.
 */
export function useCertificateSummary() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const client = useMemo(
    () => new CertificatesClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  return useAsync(async (): Promise<CertificateSummary> => {
    const [options, requests] = await Promise.all([
      client.getOptions(),
      client.listRequests(),
    ]);
    const teams = options.teams.map(t => t.name);
    const certificates = latest(requests).filter(
      r => !['cancelled', 'decommissioned', 'closed'].includes(r.state),
    );
    const byState: CertificateSummary['byState'] = {};
    for (const r of certificates)
      byState[r.state] = (byState[r.state] ?? 0) + 1;
    const horizon = Date.now() + EXPIRING_DAYS * 86_400_000;
    const statuses = await Promise.all(
      teams.map(team =>
        client.getTeamCertificates(team).catch(() => undefined),
      ),
    );
    const expiringSoon = statuses.flatMap(status =>
      (status?.items ?? []).flatMap(item => {
        const notAfter = item.steps.issued.issued?.notAfter;
        return notAfter && Date.parse(notAfter) < horizon
          ? [{ team: item.team, names: item.names, notAfter }]
          : [];
      }),
    );
    return {
      teams,
      byState,
      total: certificates.length,
      openPullRequests: certificates.filter(r => r.state === 'pr-open'),
      expiringSoon,
    };
  }, [client]);
}
