export { CertificateRequestPicker } from './CertificateRequestPicker';
export type { CertificateRequestValue } from './CertificateRequestPicker';
export {
  certificateChoiceProblems,
  validateCertificateRequest,
} from './validation';
export { CERTIFICATE_REQUEST_PICKER } from './field';
