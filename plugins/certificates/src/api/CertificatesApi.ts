import { createApiRef } from '@backstage/core-plugin-api';
import {
  CertificateOptions,
  CertificateRequestInput,
  RenderedFile,
  RequestEvent,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';

/** Client of the certificates backend (`/api/certificates`). */
export interface CertificatesApi {
  getOptions(): Promise<CertificateOptions>;
  preview(request: CertificateRequestInput): Promise<RenderedFile[]>;
  createRequest(request: CertificateRequestInput): Promise<StoredCertificateRequest>;
  listRequests(filter?: { team?: string }): Promise<StoredCertificateRequest[]>;
  getRequest(id: string): Promise<StoredCertificateRequest & { events: RequestEvent[] }>;
  mergeRequest(id: string): Promise<StoredCertificateRequest>;
}

export const certificatesApiRef = createApiRef<CertificatesApi>({
  id: 'plugin.certificates.api',
});
