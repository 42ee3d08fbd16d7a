export { CertificateNameFields } from './CertificateNameFields';
export { TeamSelect } from './TeamSelect';
export { DomainSelect } from './DomainSelect';
export { SubdomainInput } from './SubdomainInput';
export { WildcardCheckbox } from './WildcardCheckbox';
export { IssuerSelect } from './IssuerSelect';
export { FullNameLine, fullNameOf } from './FullNameLine';
export { useRequestOptions, requestOptionsFallback } from './requestOptions';
export type { RequestFieldProps } from './types';
