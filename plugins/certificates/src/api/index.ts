export type { CertificatesApi } from './CertificatesApi';
export { certificatesApiRef } from './CertificatesApi';
export { CertificatesClient } from './CertificatesClient';
export { errorMessage, fieldErrors, fieldErrorsOf } from './fieldErrors';
