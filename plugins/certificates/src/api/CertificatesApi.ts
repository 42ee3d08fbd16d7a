import { createApiRef } from '@backstage/core-plugin-api';
import {
  CertificateOptions,
  CertificateStatusDetails,
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
  /** Every certificate of a team with its seven-step lifecycle (`GET /teams/:team/certificates`). */
  getTeamCertificates(team: string): Promise<TeamCertificatesStatus>;
  /** One certificate with the objects behind it (`GET /certificates/:team/:name`). */
  getCertificate(team: string, name: string): Promise<CertificateStatusDetails>;
}

export const certificatesApiRef = createApiRef<CertificatesApi>({
  id: 'plugin.certificates.api',
});
