import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderApproverPolicyFiles } from './approverPolicy';
import { renderKyvernoPolicyFiles } from './kyverno';

/**
 * The admission side of tenant isolation, rendered from the same ownership
 * model (`PlatformModel.grants`) as the tenant bundles, under
 * `platform/admission/`: Kyverno ValidatingPolicies and approver-policy
 * CertificateRequestPolicies with the RBAC approver-policy needs.
 */
export function renderAdmissionFiles(platform: PlatformModel): RenderedFile[] {
  return [
    ...renderKyvernoPolicyFiles(platform),
    ...renderApproverPolicyFiles(platform),
  ];
}

export {
  ADMISSION_DIR,
  KYVERNO_POLICY_API_VERSION,
  NAMESPACE_NAME_LABEL,
  renderKyvernoPolicyFiles,
} from './kyverno';
export {
  APPROVER_POLICY_API_VERSION,
  certManagerServiceAccount,
  certManagerUsername,
  certificateRequestPolicyName,
  dnsNameRules,
  renderApproverPolicyFiles,
} from './approverPolicy';
export { teamNameRights } from './grants';
export type { TeamNameRights } from './grants';
