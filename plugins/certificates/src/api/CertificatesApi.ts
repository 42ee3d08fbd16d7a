import { createApiRef } from '@backstage/core-plugin-api';
import {
  BulkPreview,
  CancelScope,
  CertificateBatch,
  CertificateOptions,
  CertificateStatusDetails,
  PlatformBundleState,
  PullRequestRef,
  LifecycleAnswer,
  LocalPullRequestDetails,
  RenewAnswer,
  TeamCertificatesStatus,
  CertificateRequestInput,
  RenderedFile,
  RequestEvent,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';

/** Client of the certificates backend (`/api/certificates`). */
export interface CertificatesApi {
  getOptions(): Promise<CertificateOptions>;
  preview(request: CertificateRequestInput): Promise<RenderedFile[]>;
  createRequest(
    request: CertificateRequestInput,
  ): Promise<StoredCertificateRequest>;
  listRequests(filter?: { team?: string }): Promise<StoredCertificateRequest[]>;
  getRequest(
    id: string,
  ): Promise<StoredCertificateRequest & { events: RequestEvent[] }>;
  mergeRequest(id: string): Promise<StoredCertificateRequest>;
  /** A local pull request with its files and diffs (`GET /pull-requests/:number`). */
  getLocalPullRequest(number: number): Promise<LocalPullRequestDetails>;
  /** Every certificate of a team with its lifecycle steps (`GET /teams/:team/certificates`). */
  getTeamCertificates(team: string): Promise<TeamCertificatesStatus>;
  /** One certificate with the objects behind it (`GET /certificates/:team/:name`). */
  getCertificate(team: string, name: string): Promise<CertificateStatusDetails>;
  /** Re-queues a failed request. */
  retryRequest(id: string): Promise<LifecycleAnswer>;
  /**
   * Withdraws an open request: its pull request is closed, its branch
   * deleted. Of a pull request shared in a bulk request, `scope: 'request'`
   * (the default) removes only this request's files, `'batch'` cancels all.
   */
  cancelRequest(
    id: string,
    options?: { scope?: CancelScope },
  ): Promise<LifecycleAnswer>;
  /** Opens the pull request that removes the certificate and its Vault copy. */
  decommissionCertificate(team: string, name: string): Promise<LifecycleAnswer>;
  /** Issues the certificate (and a new key) again now, as `cmctl renew` does. */
  renewCertificate(team: string, name: string): Promise<RenewAnswer>;
  /** What a bulk request would do (`POST /requests/bulk?dryRun=true`): nothing is stored. */
  previewBulkRequest(rows: CertificateRequestInput[]): Promise<BulkPreview>;
  /** Stores many requests and opens one pull request per team in the background. */
  createBulkRequest(
    rows: CertificateRequestInput[],
    options?: { partial?: boolean; idempotencyKey?: string },
  ): Promise<CertificateBatch>;
  /** A bulk request with each team's pull request: queued, opened or failed. */
  getBulkRequest(id: string): Promise<CertificateBatch>;
  /** Platform admins: the platform bundle's state in the GitOps repository. */
  getPlatformStatus(): Promise<PlatformBundleState>;
  /** Platform admins: opens (or updates) the platform bundle's pull request. */
  bootstrapPlatform(): Promise<{ pullRequest: PullRequestRef }>;
}

export const certificatesApiRef = createApiRef<CertificatesApi>({
  id: 'plugin.certificates.api',
});
