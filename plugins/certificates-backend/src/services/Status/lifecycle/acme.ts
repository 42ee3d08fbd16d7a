import {
  AcmeStepInfo,
  CertificateLifecycle,
  ChallengeInfo,
  StatusObject,
  StatusReason,
} from '@internal/plugin-certificates-common';
import {
  challengeSpec,
  challengeStatus,
  Condition,
  orderStatus as orderStatusOf,
} from '../resources';
import { conditionOf, conditionReason, ref } from './conditions';
import { LifecycleContext, step } from './context';
import { CertificateObjects } from './objects';

const FAILED_ACME_STATES: ReadonlyArray<string | undefined> = [
  'invalid',
  'errored',
  'expired',
];

function challengeInfo(c: StatusObject): ChallengeInfo {
  const spec = challengeSpec(c);
  const status = challengeStatus(c);
  return {
    name: c.metadata.name,
    type: spec.type,
    dnsName: spec.dnsName,
    wildcard: spec.wildcard,
    state: status.state,
    reason: status.reason,
    presented: status.presented,
    processing: status.processing,
  };
}

function acmeInfoOf(
  objects: CertificateObjects,
  issuerReady: Condition | undefined,
): AcmeStepInfo {
  const { order, challenges } = objects;
  return {
    issuer: objects.issuerName,
    issuerReady: issuerReady ? issuerReady.status === 'True' : undefined,
    order: order?.metadata.name,
    orderState: orderStatusOf(order).state,
    orderReason: orderStatusOf(order).reason || undefined,
    challenges: challenges.map(challengeInfo),
  };
}

const challengeReason = (c: StatusObject): StatusReason => ({
  source: `${ref('Challenge', c)} status.reason`,
  reason: challengeStatus(c).state,
  message: challengeStatus(c).reason ?? '',
});

/**
 * Why a failed order failed. The most specific reason wins, as cmctl shows
 * it: challenge, then order, then request.
 */
function failedOrderReason(
  order: StatusObject,
  failedChallenge: StatusObject | undefined,
  currentRequest: StatusObject | undefined,
  crReady: Condition | undefined,
): StatusReason {
  const orderStatus = orderStatusOf(order);
  if (failedChallenge && challengeStatus(failedChallenge).reason)
    return challengeReason(failedChallenge);
  if (orderStatus.reason)
    return {
      source: `${ref('Order', order)} status.reason`,
      reason: orderStatus.state,
      message: orderStatus.reason,
    };
  if (crReady && currentRequest)
    return conditionReason('CertificateRequest', currentRequest, crReady);
  return {
    source: ref('Order', order),
    reason: orderStatus.state,
    message: `Order is in "${orderStatus.state}" state`,
  };
}

/** Step 4: the ACME side — issuer, order and challenges of the current request. */
export function acmeStep(ctx: LifecycleContext): CertificateLifecycle['acme'] {
  const { objects, cert, ready, isIssuing, issuerProblem } = ctx;
  if (!objects || !cert) {
    return step('acme', ctx.offClusterState, {
      message: ctx.merged ? ctx.noClusterMessage : undefined,
    });
  }
  const acme = acmeInfoOf(objects, ctx.issuerReady);
  const { order, challenges, currentRequest } = objects;
  const orderStatus = orderStatusOf(order);
  const failedChallenge = challenges.find(c =>
    FAILED_ACME_STATES.includes(challengeStatus(c).state),
  );
  const waitingChallenge = challenges.find(
    c => challengeStatus(c).state !== 'valid',
  );
  const crReady = currentRequest
    ? conditionOf(currentRequest, 'Ready')
    : undefined;

  if (order && FAILED_ACME_STATES.includes(orderStatus.state)) {
    const reason = failedOrderReason(
      order,
      failedChallenge,
      currentRequest,
      crReady,
    );
    return step('acme', 'failed', {
      time: orderStatus.failureTime,
      message: `Order ${orderStatus.state}: ${reason.message}`,
      reason,
      acme,
    });
  }
  if (order && orderStatus.state === 'valid') {
    return step('acme', 'done', {
      time: order.metadata.creationTimestamp,
      message: `Order ${order.metadata.name} valid`,
      acme,
    });
  }
  if (order) {
    const c = failedChallenge ?? waitingChallenge;
    const cs = challengeStatus(c);
    return step('acme', failedChallenge ? 'failed' : 'in-progress', {
      time: order.metadata.creationTimestamp,
      message: c
        ? `Challenge ${challengeSpec(c).type ?? ''} for ${
            challengeSpec(c).dnsName ?? ''
          }: ${cs.state ?? 'pending'}${cs.reason ? `: ${cs.reason}` : ''}`
        : `Order ${orderStatus.state ?? 'pending'}`,
      reason: c && cs.reason ? challengeReason(c) : undefined,
      acme,
    });
  }
  if (issuerProblem && (isIssuing || ready?.status !== 'True')) {
    return step('acme', 'failed', {
      message: `Issuer not ready: ${issuerProblem.reason ?? ''}: ${
        issuerProblem.message
      }`,
      reason: issuerProblem,
      acme,
    });
  }
  if (
    currentRequest &&
    crReady &&
    crReady.status === 'False' &&
    (crReady.reason === 'Failed' || crReady.reason === 'Denied')
  ) {
    return step('acme', 'failed', {
      message: `${crReady.reason}: ${crReady.message ?? ''}`,
      reason: conditionReason('CertificateRequest', currentRequest, crReady),
      acme,
    });
  }
  if (ready?.status === 'True' && !isIssuing) {
    return step('acme', 'done', { message: 'No order in flight', acme });
  }
  return step('acme', 'in-progress', {
    message: crReady
      ? `${crReady.reason ?? ''}: ${crReady.message ?? ''}`
      : 'Waiting for a CertificateRequest',
    reason:
      crReady && currentRequest
        ? conditionReason('CertificateRequest', currentRequest, crReady)
        : undefined,
    acme,
  });
}
