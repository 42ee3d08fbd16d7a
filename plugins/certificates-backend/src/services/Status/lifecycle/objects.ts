import {
  StatusEvent,
  StatusObject,
} from '@internal/plugin-certificates-common';
import { TeamClusterSnapshot } from '../kubernetes';
import { certificateSpec } from '../resources';

export const CERTIFICATE_LABEL = 'certificates.backstage.io/certificate';
const REVISION_ANNOTATION = 'cert-manager.io/certificate-revision';
const CERTIFICATE_NAME_ANNOTATION = 'cert-manager.io/certificate-name';

const ownedBy = (o: StatusObject, owner: StatusObject) =>
  (o.metadata.ownerReferences ?? []).some(r =>
    owner.metadata.uid
      ? r.uid === owner.metadata.uid
      : r.name === owner.metadata.name,
  );

/** Creation time in ms, 0 when unknown (so it sorts last). */
export const created = (o: StatusObject) =>
  Date.parse(o.metadata.creationTimestamp ?? '') || 0;
const revisionOf = (o: StatusObject) =>
  Number(o.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);

/** The objects one certificate involves on one cluster, matched as cmctl does (owner references). */
export type CertificateObjects = {
  cluster: string;
  certificate: StatusObject;
  certificateRequests: StatusObject[]; // newest first
  currentRequest?: StatusObject;
  order?: StatusObject;
  challenges: StatusObject[];
  pushSecret?: StatusObject;
  issuer?: StatusObject;
  issuerName?: string;
  application?: StatusObject;
  events: StatusEvent[];
};

export function matchObjects(
  snapshot: TeamClusterSnapshot,
  certificate: StatusObject,
  issuers: StatusObject[] | undefined,
): CertificateObjects {
  const name = certificate.metadata.name;
  const certificateRequests = snapshot.certificateRequests
    .filter(
      cr =>
        ownedBy(cr, certificate) ||
        cr.metadata.annotations?.[CERTIFICATE_NAME_ANNOTATION] === name,
    )
    .sort((a, b) => revisionOf(b) - revisionOf(a) || created(b) - created(a));
  const currentRequest = certificateRequests[0];
  const order = currentRequest
    ? snapshot.orders
        .filter(o => ownedBy(o, currentRequest))
        .sort((a, b) => created(b) - created(a))[0]
    : undefined;
  const challenges = order
    ? snapshot.challenges.filter(c => ownedBy(c, order))
    : [];
  const pushSecret = snapshot.pushSecrets.find(
    p =>
      p.metadata.name === name ||
      p.metadata.labels?.[CERTIFICATE_LABEL] === name,
  );
  const issuerRef = certificateSpec(certificate).issuerRef;
  const issuerName = issuerRef?.name;
  const issuer =
    issuerName && (issuerRef?.kind ?? 'Issuer') === 'ClusterIssuer'
      ? issuers?.find(i => i.metadata.name === issuerName)
      : undefined;
  const involved = [
    certificate,
    ...certificateRequests,
    order,
    ...challenges,
    pushSecret,
  ].filter((o): o is StatusObject => !!o);
  const uids = new Set(
    involved.map(o => o.metadata.uid ?? `${o.kind}/${o.metadata.name}`),
  );
  const names = new Set(
    involved.map(o => `${o.kind ?? ''}/${o.metadata.name}`),
  );
  const events = snapshot.events
    .filter(
      e =>
        (e.involvedObject.uid && uids.has(e.involvedObject.uid)) ||
        names.has(
          `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
        ),
    )
    .sort(
      (a, b) =>
        (Date.parse(b.lastTimestamp ?? '') || 0) -
        (Date.parse(a.lastTimestamp ?? '') || 0),
    )
    .slice(0, 50);
  return {
    cluster: snapshot.cluster,
    certificate,
    certificateRequests,
    currentRequest,
    order,
    challenges,
    pushSecret,
    issuer,
    issuerName,
    application: snapshot.application,
    events,
  };
}
