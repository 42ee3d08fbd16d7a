/**
 * Backend plugin for self-service TLS certificates.
 *
 * @packageDocumentation
 */
export { certificatesPlugin as default } from './plugin';
export { catalogModuleCertificates } from './catalogModule';
