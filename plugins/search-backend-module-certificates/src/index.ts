/**
 * A search collator module that indexes TLS certificates by their DNS names.
 *
 * @packageDocumentation
 */
export { searchModuleCertificatesCollator as default } from './module';
export {
  CertificatesCollatorFactory,
  CERTIFICATE_DOCUMENT_TYPE,
} from './collators/CertificatesCollatorFactory';
export type { CertificateDocument } from './collators/CertificatesCollatorFactory';
