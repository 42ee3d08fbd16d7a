import { createConditionExports } from '@backstage/plugin-permission-node';
import {
  certificateRequestResourceRef,
  certificateRequestRules,
} from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: certificateRequestResourceRef,
  rules: certificateRequestRules,
});

/**
 * Conditions for certificate request permissions, for permission policies:
 * `certificateRequestConditions.isTeamMember({ claims })`,
 * `certificateRequestConditions.isRequester({ userEntityRef })`.
 *
 * @public
 */
export const certificateRequestConditions = conditions;

/**
 * Wraps certificate request conditions into a conditional policy decision.
 *
 * @public
 */
export const createCertificateRequestConditionalDecision =
  createConditionalDecision;
