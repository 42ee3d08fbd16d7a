export {
  CertificateStatusCard,
  CertificateStatus,
} from './CertificateStatusCard';
export { CertificateLifecycleView } from './CertificateLifecycleView';
