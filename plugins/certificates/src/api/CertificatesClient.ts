import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CertificateOptions,
  CertificateStatusDetails,
  TeamCertificatesStatus,
  CertificateRequestInput,
  RenderedFile,
  RequestEvent,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { CertificatesApi } from './CertificatesApi';

export class CertificatesClient implements CertificatesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async call<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('certificates');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined
        ? {
            body: JSON.stringify(init.body),
            headers: { 'Content-Type': 'application/json' },
          }
        : {}),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  getOptions() {
    return this.call<CertificateOptions>('/options');
  }

  preview(request: CertificateRequestInput) {
    return this.call<RenderedFile[]>('/preview', {
      method: 'POST',
      body: request,
    });
  }

  createRequest(request: CertificateRequestInput) {
    return this.call<StoredCertificateRequest>('/requests', {
      method: 'POST',
      body: request,
    });
  }

  async listRequests(filter?: { team?: string }) {
    const query = filter?.team
      ? `?team=${encodeURIComponent(filter.team)}`
      : '';
    const { items } = await this.call<{ items: StoredCertificateRequest[] }>(
      `/requests${query}`,
    );
    return items;
  }

  getRequest(id: string) {
    return this.call<StoredCertificateRequest & { events: RequestEvent[] }>(
      `/requests/${encodeURIComponent(id)}`,
    );
  }

  mergeRequest(id: string) {
    return this.call<StoredCertificateRequest>(
      `/requests/${encodeURIComponent(id)}/merge`,
      { method: 'POST', body: {} },
    );
  }

  getTeamCertificates(team: string) {
    return this.call<TeamCertificatesStatus>(
      `/teams/${encodeURIComponent(team)}/certificates`,
    );
  }

  getCertificate(team: string, name: string) {
    return this.call<CertificateStatusDetails>(
      `/certificates/${encodeURIComponent(team)}/${encodeURIComponent(name)}`,
    );
  }
}
