export {
  TeamCertificatesContent,
  TeamCertificatesTable,
} from './TeamCertificatesContent';
