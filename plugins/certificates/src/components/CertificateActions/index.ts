export { CertificateActions } from './CertificateActions';
