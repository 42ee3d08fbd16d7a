import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PlatformModel,
  RenderedFile,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '@internal/plugin-certificates-node';
import { randomUUID } from 'node:crypto';
import { GitopsTarget } from '../Gitops';
import { RequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { batchChangeSet } from './batchChange';
import { BatchTeamShare, BulkStore } from './types';

const ACTOR = 'plugin:certificates';

export type BatchCleanupOptions = {
  store: RequestStore;
  lifecycle: Pick<KnexLifecycleStore, 'claim' | 'release' | 'publishInfo'>;
  bulk: BulkStore;
  gitops: GitopsTarget;
  platform: PlatformModel;
  logger: LoggerService;
  labels?: string[];
  reviewers?: string[];
  /** How long a worker holds a batch or request; a crashed worker's is taken over after it. */
  leaseMs?: number;
};

/**
 * Cleans up after a cancelled request of a bulk request. Its team's pull
 * request is shared by the team's other certificates of the batch: while
 * any of them is open, one commit removes only the cancelled certificates'
 * files (and the description follows); the pull request is closed and its
 * branch deleted only when none is left. The branch is written as a whole
 * (every open certificate's files, none of the cancelled ones'), so two
 * cancels of one pull request converge whatever their order.
 */
export function createBatchCleanup(options: BatchCleanupOptions) {
  const { store, lifecycle, bulk, gitops } = options;
  const leaseMs = options.leaseMs ?? 5 * 60_000;

  async function resolvedOf(ids: string[]) {
    const out: Array<{ id: string; resolved: ResolvedCertificateRequest }> = [];
    for (const id of ids) {
      const resolved = await store.getResolved(id);
      if (resolved) out.push({ id, resolved });
    }
    return out;
  }

  /** Each path only the cancelled certificates had: back to the base's version, or deleted when the base lacks it. */
  async function withoutCancelled(share: BatchTeamShare, keep: string[]) {
    const kept = new Set(keep);
    const gone = new Set<string>();
    for (const { resolved } of await resolvedOf(share.cancelled))
      for (const file of renderRequestFiles(resolved, options.platform))
        if (!kept.has(file.path)) gone.add(file.path);
    const restored: RenderedFile[] = [];
    const deletions: string[] = [];
    for (const path of [...gone].sort()) {
      const base = await gitops.readBaseFile(path);
      if (base === undefined) deletions.push(path);
      else restored.push({ path, content: base });
    }
    return { restored, deletions };
  }

  /** Commits the open certificates' files without the cancelled ones' to the shared branch; returns the pull request number. */
  async function removeFiles(
    batchId: string,
    team: string,
    share: BatchTeamShare,
  ) {
    const change = batchChangeSet({
      team,
      batchId,
      requestedBy: share.createdBy,
      requests: await resolvedOf(share.open),
      platform: options.platform,
      labels: options.labels,
      reviewers: options.reviewers,
    });
    const { restored, deletions } = await withoutCancelled(
      share,
      change.files.map(f => f.path),
    );
    const pr = await gitops.openPullRequest(
      {
        ...change,
        files: [...change.files, ...restored],
        deletions,
        commitMessage: `Remove cancelled certificates from ${change.title}\n\nBackstage bulk request ${batchId}`,
      },
      share.progress,
      p => bulk.saveTeamProgress(batchId, team, p),
    );
    return pr.number;
  }

  /**
   * Cleans up one cancelled request of a batch, under its lease; false when
   * there is nothing to do yet (another worker holds it, or the batch
   * publisher has not opened the team's pull request: it publishes only
   * the open requests, and this runs again after it).
   */
  async function cleanupCancelled(id: string): Promise<boolean> {
    const owner = `batch-cleanup/${randomUUID()}`;
    if (!(await lifecycle.claim(id, owner, leaseMs))) return false;
    try {
      const info = await lifecycle.publishInfo(id);
      const record = await store.get(id);
      if (!info?.cleanupPending || !record?.batchId) return false;
      const share = await bulk.teamShare(record.batchId, record.team);
      if (share?.state === 'queued') return false;
      let message = 'no pull request was opened for it';
      if (share?.state === 'opened' && share.open.length > 0) {
        const number = await removeFiles(record.batchId, record.team, share);
        message = `its files removed from pull request #${number}, which still carries ${share.open.length} certificates of bulk request ${record.batchId}`;
      } else if (share?.state === 'opened') {
        await gitops.closePullRequest(share.branch);
        message = `pull request of bulk request ${record.batchId} closed and branch ${share.branch} deleted: no certificate of it is left`;
      }
      const pr = share?.pullRequest;
      await store.transition(id, {
        from: ['cancelled'],
        to: 'cancelled',
        actor: ACTOR,
        message,
        cleanupPending: false,
        // Its pull request: closed now, or still open with the others.
        ...(pr
          ? {
              pullRequest: {
                ...pr,
                branch: share.branch,
                state: share.open.length === 0 ? 'closed' : 'open',
              },
            }
          : {}),
      });
      return true;
    } finally {
      await lifecycle.release(id, owner);
    }
  }

  return { cleanupCancelled };
}
