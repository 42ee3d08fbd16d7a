import { CertificateLifecycle } from '@internal/plugin-certificates-common';
import { applicationStatus } from '../resources';
import { LifecycleContext, step } from './context';

/** Step 3: Argo CD has synced the team's Application, creating the Certificate. */
export function syncedStep(
  ctx: LifecycleContext,
): CertificateLifecycle['synced'] {
  const { input, objects, cert, merged, noClusterMessage } = ctx;
  const appName = `tenant-${input.team}`;
  if (!objects || !cert) {
    if (
      merged &&
      input.request?.operation === 'decommission' &&
      !noClusterMessage
    )
      return step('synced', 'done', {
        message: `Argo CD Application ${appName} removed the Certificate (decommissioned)`,
      });
    if (noClusterMessage)
      return step('synced', merged ? 'unknown' : 'pending', {
        message: noClusterMessage,
      });
    if (merged)
      return step('synced', 'in-progress', {
        message: `Waiting for Argo CD Application ${appName} to create the Certificate`,
      });
    return step('synced', 'pending');
  }
  const app = objects.application;
  if (!app) {
    return step('synced', 'done', {
      message: `Certificate present on cluster ${objects.cluster} (Argo CD Application ${appName} not found)`,
      time: cert.metadata.creationTimestamp,
    });
  }
  const s = applicationStatus(app);
  const resource = Array.isArray(s.resources)
    ? s.resources.find(
        r => r.kind === 'Certificate' && r.name === input.certificateName,
      )
    : undefined;
  const syncStatus = resource?.status ?? s.sync?.status;
  const op = s.operationState;
  const sync = {
    application: app.metadata.name,
    cluster: objects.cluster,
    syncStatus,
    healthStatus: s.health?.status,
    revision: s.sync?.revision,
    operationPhase: op?.phase,
  };
  if (op && (op.phase === 'Failed' || op.phase === 'Error')) {
    return step('synced', 'failed', {
      time: op.finishedAt,
      message: `Sync ${op.phase}: ${op.message ?? ''}`,
      reason: {
        source: `Application ${app.metadata.namespace}/${app.metadata.name} operationState`,
        reason: op.phase,
        message: op.message ?? '',
      },
      sync,
    });
  }
  if (syncStatus === 'Synced') {
    return step('synced', 'done', {
      time: op?.finishedAt ?? s.reconciledAt,
      message: `Synced at revision ${s.sync?.revision ?? '?'}`,
      sync,
    });
  }
  return step('synced', 'in-progress', {
    time: s.reconciledAt,
    message: `Argo CD: ${syncStatus ?? 'Unknown'}${
      op?.message ? ` (${op.message})` : ''
    }`,
    sync,
  });
}
