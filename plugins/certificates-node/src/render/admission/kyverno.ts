import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { tenantTeams } from './grants';
import { acmeObjectsPolicy, certificatesPolicy } from './kyverno/certificates';
import { roleBindingsPolicy, rolesPolicy } from './kyverno/rbac';
import {
  externalSecretsPolicy,
  pushSecretsPolicy,
  secretStoresPolicy,
} from './kyverno/secrets';
import {
  namespacesPolicy,
  noIssuersPolicy,
  quotaPolicy,
  vaultObjectsPolicy,
} from './kyverno/tenantObjects';
import { validatingPolicyFile } from './kyverno/validatingPolicy';

export {
  ADMISSION_DIR,
  KYVERNO_POLICY_API_VERSION,
  NAMESPACE_NAME_LABEL,
} from './kyverno/validatingPolicy';

/**
 * Kyverno ValidatingPolicies that hold tenant isolation at admission, for
 * objects that reach a tenant namespace by any path (a tenant's Application,
 * a hand-edited platform file, a user with kubectl), from the same ownership
 * model as the renderer. Cluster-scoped, so they live in the platform bundle,
 * out of every tenant AppProject's reach. None when no team is configured (a
 * namespace selector needs at least one value).
 */
export function renderKyvernoPolicyFiles(
  platform: PlatformModel,
): RenderedFile[] {
  if (tenantTeams(platform).length === 0) return [];
  return [
    certificatesPolicy(platform),
    acmeObjectsPolicy(platform),
    pushSecretsPolicy(platform),
    secretStoresPolicy(platform),
    externalSecretsPolicy(),
    rolesPolicy(),
    roleBindingsPolicy(platform),
    namespacesPolicy(platform),
    quotaPolicy(platform),
    vaultObjectsPolicy(platform),
    noIssuersPolicy(),
  ].map(policy => validatingPolicyFile(platform, policy));
}
