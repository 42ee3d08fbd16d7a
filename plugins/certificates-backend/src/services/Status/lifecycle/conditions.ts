import {
  StatusObject,
  StatusReason,
} from '@internal/plugin-certificates-common';
import { Condition, conditionsStatus } from '../resources';

/** The condition of `type` on a cert-manager object or PushSecret, if it reports one. */
export function conditionOf(
  obj: StatusObject | undefined,
  type: string,
): Condition | undefined {
  const conditions = conditionsStatus(obj).conditions;
  return Array.isArray(conditions)
    ? conditions.find(c => c.type === type)
    : undefined;
}

/** `Order team-a/api-1`: how a reason's source names the object. */
export const ref = (kind: string, o: StatusObject) =>
  `${kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${
    o.metadata.name
  }`;

/** A condition as a step reason, its source naming the object and the condition type. */
export function conditionReason(
  kind: string,
  o: StatusObject,
  c: Condition,
): StatusReason {
  return {
    source: `${ref(kind, o)} condition ${c.type}`,
    reason: c.reason,
    message: c.message ?? '',
  };
}

/** `Ready: False, Reason: Failed, Message: …`, as cmctl prints a condition. */
export const cmctlCondition = (c: Condition) =>
  `${c.type}: ${c.status}, Reason: ${c.reason ?? ''}, Message: ${
    c.message ?? ''
  }`;

/**
 * Why the referenced ClusterIssuer cannot issue, worded as cert-manager
 * words it; undefined when it is ready or no issuer is referenced.
 */
export function issuerProblemOf(
  objects: { issuerName?: string; issuer?: StatusObject },
  issuerReady: Condition | undefined,
): StatusReason | undefined {
  if (!objects.issuerName) return undefined;
  const source = `ClusterIssuer ${objects.issuerName}`;
  if (!objects.issuer) {
    return {
      source,
      reason: 'NotFound',
      message: `Referenced "ClusterIssuer" not found: clusterissuer.cert-manager.io "${objects.issuerName}" not found`,
    };
  }
  if (issuerReady?.status === 'True') return undefined;
  return issuerReady
    ? conditionReason('ClusterIssuer', objects.issuer, issuerReady)
    : {
        source,
        reason: 'NoReadyCondition',
        message: 'Referenced issuer does not have a Ready status condition',
      };
}
