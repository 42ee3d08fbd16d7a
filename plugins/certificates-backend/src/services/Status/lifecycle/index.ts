import {
  CertificateLifecycle,
  CertificateStatusSummary,
} from '@internal/plugin-certificates-common';
import { certificateSpec } from '../resources';
import { acmeStep } from './acme';
import { LifecycleInput, lifecycleContext } from './context';
import { issuedStep } from './issued';
import { sourceOf, summarizeSteps } from './overall';
import { pullRequestStep } from './pullRequest';
import { renewalStep } from './renewal';
import { requestedStep } from './requested';
import { syncedStep } from './synced';
import { vaultStep } from './vault';

export { cmctlCondition, conditionOf } from './conditions';
export type { LifecycleInput } from './context';
export { CERTIFICATE_LABEL, matchObjects } from './objects';
export type { CertificateObjects } from './objects';

/** A decommission is in progress until merged and the Certificate is gone from the clusters read. */
function decommissionOf(
  request: LifecycleInput['request'],
  onCluster: boolean,
): Pick<CertificateStatusSummary, 'decommission'> {
  if (request?.operation !== 'decommission') return {};
  if (request.state === 'cancelled' || request.state === 'closed') return {};
  return {
    decommission:
      request.state === 'merged' && !onCluster
        ? 'decommissioned'
        : 'decommissioning',
  };
}

/** Builds every lifecycle step (CERTIFICATE_STATUS_STEPS) of one certificate from its stored request and cluster objects. */
export function buildLifecycle(
  input: LifecycleInput,
): CertificateStatusSummary {
  const { request, objects } = input;
  const ctx = lifecycleContext(input);
  const { cert } = ctx;
  // Later steps read earlier ones: Vault waits for issuance, renewal reuses the ACME reason.
  const acme = acmeStep(ctx);
  const issued = issuedStep(ctx);
  const steps: CertificateLifecycle = {
    requested: requestedStep(request),
    pullRequest: pullRequestStep(request, !!cert),
    synced: syncedStep(ctx),
    acme,
    issued,
    vault: vaultStep(ctx, issued),
    renewal: renewalStep(ctx, acme),
  };
  const { state, failure } = summarizeSteps(steps);
  return {
    team: input.team,
    certificateName: input.certificateName,
    names: request?.names ?? certificateSpec(cert).dnsNames ?? [],
    issuer: certificateSpec(cert).issuerRef?.name ?? request?.issuer,
    namespace: input.team,
    cluster: objects?.cluster,
    alsoOn: input.alsoOn?.length ? input.alsoOn : undefined,
    source: sourceOf(!!request, !!cert),
    ...decommissionOf(request, !!cert),
    steps,
    state,
    failure,
  };
}
