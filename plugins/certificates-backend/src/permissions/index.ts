export {
  certificateRequestResourceRef,
  certificateRequestRules,
  isRequester,
  isTeamMember,
} from './rules';
export {
  certificateRequestConditions,
  createCertificateRequestConditionalDecision,
} from './conditionExports';
export { createRequestAccess } from './requestAccess';
export { createRequestResourceLoader } from './resources';
export type { RequestAccess } from './requestAccess';
export { createWriteCheck } from './writeCheck';
export type { WriteCheck } from './writeCheck';
export {
  CertificatesPermissionPolicy,
  readCertificatesPolicyOptions,
} from './policy';
export type { CertificatesPolicyOptions } from './policy';
export { permissionModuleCertificatesPolicy } from './module';
