import { Entity } from '@backstage/catalog-model';

/** Annotations the backend puts on the certificate's Resource entity. */
export const CERTIFICATE_TEAM_ANNOTATION = 'certificates.backstage.io/team';
export const CERTIFICATE_NAME_ANNOTATION =
  'certificates.backstage.io/certificate';
export const CERTIFICATE_NAMES_ANNOTATION = 'certificates.backstage.io/names';
/** On Components: `"<team>/<name>,..."`, the certificates the component uses. */
export const COMPONENT_CERTIFICATES_ANNOTATION =
  'certificates.backstage.io/certificates';
export const CERTIFICATE_ENTITY_TYPE = 'tls-certificate';

export type CertificateRef = { team: string; name: string };

/** The certificates an entity stands for (Resource) or names (Component annotation). */
export function certificateRefsOf(entity: Entity): CertificateRef[] {
  const annotations = entity.metadata.annotations ?? {};
  const team = annotations[CERTIFICATE_TEAM_ANNOTATION];
  const name = annotations[CERTIFICATE_NAME_ANNOTATION];
  const refs: CertificateRef[] = [];
  if (team && name) refs.push({ team, name });
  for (const part of (
    annotations[COMPONENT_CERTIFICATES_ANNOTATION] ?? ''
  ).split(',')) {
    const [t, n, ...rest] = part.trim().split('/');
    if (
      t &&
      n &&
      rest.length === 0 &&
      !refs.some(r => r.team === t && r.name === n)
    )
      refs.push({ team: t, name: n });
  }
  return refs;
}

export function isCertificateResource(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    String(
      (entity.spec as { type?: unknown } | undefined)?.type ?? '',
    ).toLocaleLowerCase('en-US') === CERTIFICATE_ENTITY_TYPE
  );
}

/** Components that name their certificates in `certificates.backstage.io/certificates`. */
export function hasComponentCertificates(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    !!entity.metadata.annotations?.[COMPONENT_CERTIFICATES_ANNOTATION]
  );
}
