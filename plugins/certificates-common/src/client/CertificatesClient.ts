import { ResponseError } from '@backstage/errors';
import { checkPathParam } from './pathParams';
import { BulkPreview, CertificateBatch } from '../bulk/types';
import { CertificateRequestInput } from '../request/certificateRequest';
import { LocalPullRequestDetails } from '../pullRequests/types';
import { CertificateStatusDetails, TeamCertificatesStatus } from '../status';
import {
  CancelScope,
  CertificateOptions,
  PlatformBundleState,
  PullRequestRef,
  RenderedFile,
  RequestEvent,
  StoredCertificateRequest,
} from '../types';

/** `<team>/<name>` of a certificate, each checked by its path schema (a bad one never leaves the client). */
const certificatePath = (team: string, name: string) =>
  `${checkPathParam('team', team)}/${checkPathParam('name', name)}`;

/** A lifecycle operation's answer: the request, and whether this call changed anything. */
export type LifecycleAnswer = StoredCertificateRequest & { changed: boolean };

/** What "renew now" did on each cluster holding the certificate. */
export type RenewAnswer = {
  outcomes: Array<{ cluster: string; result: 'renewed' | 'in-progress' }>;
  changed: boolean;
};

/** Per-call options: a token when the caller is a backend acting for a user or itself. */
export type CertificatesRequestOptions = {
  token?: string;
  signal?: AbortSignal;
};

/**
 * Client of the certificates backend (`/api/certificates`), for the
 * frontend, the scaffolder actions and the catalog module alike. Failures
 * are thrown as `ResponseError`, whose body carries the backend's message
 * (field path first).
 */
export class CertificatesClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  private async call<T>(
    path: string,
    options: CertificatesRequestOptions & {
      method?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('certificates');
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined)
      headers['Content-Type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      signal: options.signal,
      ...(options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    // Parsed from text rather than response.json(): the objects and arrays then belong to
    // this realm, which the scaffolder's template engine requires of action outputs.
    return JSON.parse(await response.text()) as T;
  }

  getOptions(options?: CertificatesRequestOptions) {
    return this.call<CertificateOptions>('/options', options);
  }

  preview(
    request: CertificateRequestInput,
    options?: CertificatesRequestOptions,
  ) {
    return this.call<RenderedFile[]>('/preview', {
      ...options,
      method: 'POST',
      body: request,
    });
  }

  /** Stores the request and opens its pull request; an identical open request is returned as it is. */
  createRequest(
    request: CertificateRequestInput,
    options?: CertificatesRequestOptions & { idempotencyKey?: string },
  ) {
    return this.call<StoredCertificateRequest>('/requests', {
      ...options,
      method: 'POST',
      body: request,
      headers: options?.idempotencyKey
        ? { 'Idempotency-Key': options.idempotencyKey }
        : {},
    });
  }

  /**
   * Stores many requests at once (all or none, unless `partial`) and opens one
   * pull request per team in the background; follow it with getBulkRequest.
   * A bad row fails the call with every row's problems, `rows[<n>].<field>: ...`.
   */
  createBulkRequest(
    rows: CertificateRequestInput[],
    options?: CertificatesRequestOptions & {
      idempotencyKey?: string;
      partial?: boolean;
    },
  ) {
    return this.call<CertificateBatch>(
      `/requests/bulk${options?.partial ? '?partial=true' : ''}`,
      {
        ...options,
        method: 'POST',
        body: { rows },
        headers: options?.idempotencyKey
          ? { 'Idempotency-Key': options.idempotencyKey }
          : {},
      },
    );
  }

  /** What a bulk request would do: every row's problems and each team's pull request; stores nothing. */
  previewBulkRequest(
    rows: CertificateRequestInput[],
    options?: CertificatesRequestOptions,
  ) {
    return this.call<BulkPreview>('/requests/bulk?dryRun=true', {
      ...options,
      method: 'POST',
      body: { rows },
    });
  }

  /** A bulk request with each team's pull request: queued, opened or failed. */
  getBulkRequest(id: string, options?: CertificatesRequestOptions) {
    return this.call<CertificateBatch>(
      `/requests/bulk/${encodeURIComponent(id)}`,
      options,
    );
  }

  async listRequests(
    filter?: { team?: string },
    options?: CertificatesRequestOptions,
  ) {
    const query = filter?.team
      ? `?team=${encodeURIComponent(filter.team)}`
      : '';
    const { items } = await this.call<{ items: StoredCertificateRequest[] }>(
      `/requests${query}`,
      options,
    );
    return items;
  }

  getRequest(id: string, options?: CertificatesRequestOptions) {
    return this.call<StoredCertificateRequest & { events: RequestEvent[] }>(
      `/requests/${encodeURIComponent(id)}`,
      options,
    );
  }

  mergeRequest(id: string, options?: CertificatesRequestOptions) {
    return this.call<StoredCertificateRequest>(
      `/requests/${encodeURIComponent(id)}/merge`,
      {
        ...options,
        method: 'POST',
        body: {},
      },
    );
  }

  /** A local pull request with its changed files and their diffs (local GitOps target only). */
  getLocalPullRequest(number: number, options?: CertificatesRequestOptions) {
    return this.call<LocalPullRequestDetails>(
      `/pull-requests/${encodeURIComponent(String(number))}`,
      options,
    );
  }

  /** Re-queues a failed request (`POST /requests/:id/retry`); a second call changes nothing. */
  retryRequest(id: string, options?: CertificatesRequestOptions) {
    return this.call<LifecycleAnswer>(
      `/requests/${encodeURIComponent(id)}/retry`,
      { ...options, method: 'POST', body: {} },
    );
  }

  /**
   * Withdraws an open request: closes its pull request and deletes its
   * branch; of a bulk request's shared pull request, `scope` says whether
   * only this request's files go (`request`, the default) or all of it.
   */
  cancelRequest(
    id: string,
    options?: CertificatesRequestOptions & { scope?: CancelScope },
  ) {
    const { scope, ...rest } = options ?? {};
    return this.call<LifecycleAnswer>(
      `/requests/${encodeURIComponent(id)}/cancel`,
      { ...rest, method: 'POST', body: scope ? { scope } : {} },
    );
  }

  /** Opens the pull request that removes a certificate (and its Vault copy). */
  decommissionCertificate(
    team: string,
    name: string,
    options?: CertificatesRequestOptions,
  ) {
    return this.call<LifecycleAnswer>(
      `/certificates/${certificatePath(team, name)}/decommission`,
      { ...options, method: 'POST', body: {} },
    );
  }

  /** Issues the certificate again now, as `cmctl renew` does. */
  renewCertificate(
    team: string,
    name: string,
    options?: CertificatesRequestOptions,
  ) {
    return this.call<RenewAnswer>(
      `/certificates/${certificatePath(team, name)}/renew`,
      { ...options, method: 'POST', body: {} },
    );
  }

  getTeamCertificates(team: string, options?: CertificatesRequestOptions) {
    return this.call<TeamCertificatesStatus>(
      `/teams/${checkPathParam('team', team)}/certificates`,
      options,
    );
  }

  getCertificate(
    team: string,
    name: string,
    options?: CertificatesRequestOptions,
  ) {
    return this.call<CertificateStatusDetails>(
      `/certificates/${certificatePath(team, name)}`,
      options,
    );
  }

  /** Platform admins: the platform bundle's state in the GitOps repository. */
  getPlatformStatus(options?: CertificatesRequestOptions) {
    return this.call<PlatformBundleState>('/platform/status', options);
  }

  /** Platform admins: opens (or updates) the pull request of the platform bundle. */
  bootstrapPlatform(options?: CertificatesRequestOptions) {
    return this.call<{ pullRequest: PullRequestRef }>('/platform/bootstrap', {
      ...options,
      method: 'POST',
      body: {},
    });
  }
}
