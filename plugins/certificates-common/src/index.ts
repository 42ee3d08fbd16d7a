/**
 * Isomorphic request model, types and permissions of the certificates plugin.
 *
 * @packageDocumentation
 */
export * from './names/dnsNames';
export * from './names/certificateNames';
export * from './request/fields';
export * from './request/certificateRequest';
export * from './request/resolveRequest';
export * from './platform/platformConfig';
export * from './platform/ownership';
export * from './platform/platformModel';
export * from './permissions';
export * from './types';
export * from './status';
export * from './request/problemsToError';
export * from './client/CertificatesClient';
export * from './bulk';
export * from './pullRequests/types';
export * from './client/pathParams';
