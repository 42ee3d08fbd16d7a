import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  CertificatesClient,
  certificateRequestReadPermission,
  RequestState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Readable } from 'node:stream';

/** The search document type of certificates (the search page's filter value). */
export const CERTIFICATE_DOCUMENT_TYPE = 'certificate';

/** A certificate in the search index. */
export type CertificateDocument = IndexableDocument & {
  team: string;
  certificateName: string;
  names: string[];
  issuer: string;
  state: RequestState;
  requestId: string;
};

/** Requests whose certificate is gone (or never came): nobody searches for them. */
const GONE: RequestState[] = ['closed', 'cancelled', 'decommissioned'];

/**
 * Indexes every certificate by its DNS names: one document per team and
 * certificate, from its latest request. Reads the certificates backend's
 * request list as this plugin's service (the same route the catalog module
 * reads). Each document names its request as the permission resource, so
 * the search backend shows a result only to whoever may read the request.
 */
export class CertificatesCollatorFactory implements DocumentCollatorFactory {
  readonly type = CERTIFICATE_DOCUMENT_TYPE;
  readonly visibilityPermission = certificateRequestReadPermission;

  private readonly client: CertificatesClient;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {
    this.client = new CertificatesClient({ discoveryApi: options.discovery });
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<CertificateDocument> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'certificates',
    });
    const requests = await this.client.listRequests({}, { token });
    const latest = latestPerCertificate(requests);
    this.options.logger.info(`Indexing ${latest.length} certificates`);
    for (const request of latest) yield toDocument(request);
  }
}

/** The newest request of each team's certificate, unless the certificate is gone. */
export function latestPerCertificate(
  requests: StoredCertificateRequest[],
): StoredCertificateRequest[] {
  const newest = new Map<string, StoredCertificateRequest>();
  for (const r of requests) {
    const key = `${r.team}/${r.certificateName}`;
    const seen = newest.get(key);
    if (!seen || r.createdAt > seen.createdAt) newest.set(key, r);
  }
  return [...newest.values()].filter(r => !GONE.includes(r.state));
}

const STATE_TEXT: Partial<Record<RequestState, string>> = {
  pending: 'requested, pull request being opened',
  'pr-open': 'pull request open',
  merged: 'merged, issued by cert-manager',
  failed: 'publishing failed',
};

export function toDocument(r: StoredCertificateRequest): CertificateDocument {
  return {
    title: r.names.join(', '),
    text: [
      `Team ${r.team}`,
      `issuer ${r.issuer}`,
      STATE_TEXT[r.state] ?? r.state,
      `certificate ${r.certificateName}`,
    ].join(' · '),
    location: `/certificates?request=${encodeURIComponent(r.id)}`,
    authorization: { resourceRef: r.id },
    team: r.team,
    certificateName: r.certificateName,
    names: r.names,
    issuer: r.issuer,
    state: r.state,
    requestId: r.id,
  };
}
