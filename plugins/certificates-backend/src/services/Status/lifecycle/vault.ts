import {
  CertificateLifecycle,
  StatusObject,
} from '@internal/plugin-certificates-common';
import { pushSecretStatus } from '../resources';
import { conditionOf, conditionReason } from './conditions';
import { LifecycleContext, step } from './context';
import { created } from './objects';

/** Vault may lag issuance by this much before it counts as failed rather than in progress. */
const VAULT_LAG_GRACE_MS = 15 * 60 * 1000;

/** When the certificate was last issued (ms), from notBefore or the newest ready request; 0 when never. */
function lastIssuanceOf(ctx: LifecycleContext): number {
  const issuedRequests = (ctx.objects?.certificateRequests ?? []).filter(
    (cr: StatusObject) => conditionOf(cr, 'Ready')?.status === 'True',
  );
  return Math.max(
    Date.parse(ctx.certStatus.notBefore ?? '') || 0,
    ...issuedRequests.map(created),
  );
}

/** Step 6: the PushSecret has copied the issued certificate into Vault, and Vault's copy is current. */
export function vaultStep(
  ctx: LifecycleContext,
  issued: CertificateLifecycle['issued'],
): CertificateLifecycle['vault'] {
  const { cert, input } = ctx;
  if (!cert) return step('vault', ctx.offClusterState);
  const push = ctx.objects?.pushSecret;
  const pushReady = push ? conditionOf(push, 'Ready') : undefined;
  const lastIssuanceMs = lastIssuanceOf(ctx);
  const v = input.vault;
  const vaultUpdatedMs = Date.parse(v?.updatedTime ?? '');
  const stale =
    !!v?.exists &&
    lastIssuanceMs > 0 &&
    Number.isFinite(vaultUpdatedMs) &&
    vaultUpdatedMs < lastIssuanceMs;
  const vault = {
    pushSecretReady: pushReady ? pushReady.status === 'True' : undefined,
    path: input.vaultPath,
    currentVersion: v?.currentVersion,
    updatedTime: v?.updatedTime,
    customMetadata: v?.customMetadata,
    stale: v?.exists ? stale : undefined,
    lastIssuance:
      lastIssuanceMs > 0 ? new Date(lastIssuanceMs).toISOString() : undefined,
  };

  if (!push) {
    // Only a problem once there is a certificate to push.
    const issuedDone = issued.state === 'done';
    return step('vault', issuedDone ? 'failed' : 'pending', {
      message: `PushSecret ${input.certificateName} not found`,
      reason: issuedDone
        ? {
            source: `PushSecret ${input.team}/${input.certificateName}`,
            reason: 'NotFound',
            message: `PushSecret ${input.certificateName} not found in namespace ${input.team}`,
          }
        : undefined,
      vault,
    });
  }
  // Before the first issuance ESO fails only because its source Secret does not exist yet
  // ("could not get source secret"): waiting, not a Vault failure hiding the step that is stuck.
  if (lastIssuanceMs === 0 && issued.state !== 'done') {
    return step('vault', 'pending', { message: 'Waiting for issuance', vault });
  }
  if (pushReady && pushReady.status === 'False') {
    return step('vault', 'failed', {
      time: pushReady.lastTransitionTime,
      message: `${pushReady.reason ?? ''}: ${pushReady.message ?? ''}`,
      reason: conditionReason('PushSecret', push, pushReady),
      vault,
    });
  }
  // A failed renewal of a certificate issued before still has a copy to check.
  if (
    issued.state !== 'done' &&
    !(issued.state === 'failed' && lastIssuanceMs > 0)
  ) {
    return step('vault', 'pending', { message: 'Waiting for issuance', vault });
  }
  if (!input.vaultConfigured) {
    return step(
      'vault',
      pushReady?.status === 'True' ? 'done' : 'in-progress',
      {
        time: pushSecretStatus(push).refreshTime,
        message: pushReady
          ? `PushSecret ${pushReady.reason ?? ''}: ${
              pushReady.message ?? ''
            } (Vault not configured for status)`
          : 'PushSecret has not reported yet',
        vault,
      },
    );
  }
  if (v?.error) {
    return step('vault', 'unknown', { message: v.error, vault });
  }
  if (v && !v.exists) {
    return step(
      'vault',
      pushReady?.status === 'True' ? 'failed' : 'in-progress',
      {
        message: `Vault key ${input.vaultPath} does not exist`,
        reason: {
          source: `Vault ${input.vaultPath}`,
          reason: 'NotFound',
          message: `Vault key ${input.vaultPath} does not exist`,
        },
        vault,
      },
    );
  }
  if (v && stale) {
    const lag = input.now - lastIssuanceMs;
    const message = `Vault ${input.vaultPath} version ${
      v.currentVersion
    } written ${v.updatedTime} is older than the certificate issued ${new Date(
      lastIssuanceMs,
    ).toISOString()} (PushSecret lag)`;
    return step('vault', lag > VAULT_LAG_GRACE_MS ? 'failed' : 'in-progress', {
      time: v.updatedTime,
      message,
      reason: {
        source: `Vault ${input.vaultPath} metadata updated_time`,
        reason: 'Stale',
        message,
      },
      vault,
    });
  }
  if (pushReady?.status === 'True') {
    return step('vault', 'done', {
      time: v?.updatedTime,
      message: `Vault version ${v?.currentVersion ?? '?'}`,
      vault,
    });
  }
  return step('vault', 'in-progress', {
    message: 'PushSecret has not reported yet',
    vault,
  });
}
