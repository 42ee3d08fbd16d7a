import { StoredCertificateRequest } from '@internal/plugin-certificates-common';

/** What a request does to its certificate, for the list's Kind column. */
export type RequestKind = 'new' | 'change' | 'decommission' | 'bulk';

export const KIND_LABELS: Record<RequestKind, string> = {
  new: 'New',
  change: 'Change',
  decommission: 'Decommission',
  bulk: 'Bulk',
};

/**
 * From what the stored request records: `operation` marks a decommission,
 * `batchId` a request of a bulk batch; a create for a certificate that an
 * earlier request of the list already asked for is a change of it.
 */
export function requestKind(
  request: StoredCertificateRequest,
  all: readonly StoredCertificateRequest[],
): RequestKind {
  if (request.operation === 'decommission') return 'decommission';
  if (request.batchId) return 'bulk';
  const earlier = all.some(
    other =>
      other.id !== request.id &&
      other.operation !== 'decommission' &&
      other.team === request.team &&
      other.certificateName === request.certificateName &&
      other.createdAt < request.createdAt,
  );
  return earlier ? 'change' : 'new';
}
