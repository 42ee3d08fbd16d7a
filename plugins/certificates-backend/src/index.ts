/**
 * Backend plugin for self-service TLS certificates.
 *
 * @packageDocumentation
 */
export { certificatesPlugin as default } from './plugin';
export { catalogModuleCertificates } from './catalog/catalogModule';
export {
  permissionModuleCertificatesPolicy,
  CertificatesPermissionPolicy,
  readCertificatesPolicyOptions,
  certificateRequestConditions,
  createCertificateRequestConditionalDecision,
  certificateRequestResourceRef,
} from './permissions';
export type { CertificatesPolicyOptions } from './permissions';
