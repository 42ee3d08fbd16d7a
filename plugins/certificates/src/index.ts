/**
 * Frontend of the certificates plugin.
 *
 * @packageDocumentation
 */
export {
  certificatesPlugin,
  CertificatesPage,
  EntityTeamCertificatesContent,
  EntityCertificateStatusCard,
  CertificateRequestPickerFieldExtension,
} from './plugin';
export type { CertificateRequestValue } from './components/CertificateRequestPicker';
export { certificatesApiRef, CertificatesClient } from './api';
export type { CertificatesApi } from './api';
export {
  CERTIFICATE_ENTITY_TYPE,
  COMPONENT_CERTIFICATES_ANNOTATION,
  certificateRefsOf,
  hasComponentCertificates,
  isCertificateResource,
} from './annotations';
