/**
 * Frontend of the certificates plugin.
 *
 * @packageDocumentation
 */
export { certificatesPlugin, CertificatesPage } from './plugin';
export { certificatesApiRef, CertificatesClient } from './api';
export type { CertificatesApi } from './api';
