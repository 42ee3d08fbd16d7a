import {
  isBatchGitopsTarget,
  openPullRequestsOneByOne,
  PullRequestJob,
} from '../Gitops';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { BatchCleanupOptions, createBatchCleanup } from './batchCleanup';
import { createTeamSettler } from './settleTeam';
import { batchChangeSet } from './batchChange';
import { QueuedBatchTeam } from './types';

export interface BulkPublisher {
  /**
   * Opens the pull request of every queued team of a batch (one per team).
   * False when another worker holds the batch's lease.
   */
  publishBatch(id: string): Promise<boolean>;
  /**
   * Publishes every batch with a queued team (after a crash, or to retry)
   * and cleans up the cancelled requests of batches.
   */
  resumeBatches(): Promise<number>;
  /**
   * After a cancel: removes the request's files from its team's shared pull
   * request, or closes it when no certificate is left; false when not yet.
   */
  cleanupCancelled(id: string): Promise<boolean>;
}

export function createBulkPublisher(
  options: BatchCleanupOptions & {
    lifecycle: Pick<KnexLifecycleStore, 'due'>;
  },
): BulkPublisher {
  const { store, bulk, gitops, logger } = options;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const { cleanupCancelled } = createBatchCleanup(options);

  async function jobOf(
    batchId: string,
    createdBy: string,
    team: QueuedBatchTeam,
  ): Promise<PullRequestJob | undefined> {
    const requests = [];
    for (const id of team.requestIds) {
      const resolved = await store.getResolved(id);
      if (resolved) requests.push({ id, resolved });
    }
    if (requests.length === 0) return undefined;
    return {
      change: batchChangeSet({
        team: team.team,
        batchId,
        requestedBy: createdBy,
        requests,
        platform: options.platform,
        labels: options.labels,
        reviewers: options.reviewers,
      }),
      progress: team.progress,
      saveProgress: p => bulk.saveTeamProgress(batchId, team.team, p),
    };
  }

  const settle = createTeamSettler({ ...options, cleanupCancelled });

  async function publishBatch(id: string): Promise<boolean> {
    if (!(await bulk.claim(id, leaseMs))) return false;
    try {
      const batch = await bulk.get(id);
      if (!batch) return true;
      const work: Array<{ team: QueuedBatchTeam; job: PullRequestJob }> = [];
      for (const team of await bulk.queuedTeams(id)) {
        const job = await jobOf(id, batch.createdBy, team);
        if (job) work.push({ team, job });
        else
          await bulk.finishTeam(id, team.team, {
            state: 'failed',
            error: 'no request of this team is left to publish',
          });
      }
      if (work.length === 0) return true;
      const jobs = work.map(w => w.job);
      const results = isBatchGitopsTarget(gitops)
        ? await gitops.openPullRequests(jobs)
        : await openPullRequestsOneByOne(gitops, jobs);
      for (const [i, { team }] of work.entries())
        await settle(id, team, results[i]);
      return true;
    } finally {
      await bulk.release(id);
    }
  }

  return {
    publishBatch,
    cleanupCancelled,
    async resumeBatches() {
      let count = 0;
      for (const id of (await options.lifecycle.due()).batchCleanup) {
        try {
          if (await cleanupCancelled(id)) count++;
        } catch (error) {
          logger.warn(`Cleaning up cancelled request ${id} failed: ${error}`);
        }
      }
      for (const id of await bulk.unfinished()) {
        try {
          if (await publishBatch(id)) count++;
        } catch (error) {
          logger.warn(`Resuming bulk request ${id} failed: ${error}`);
        }
      }
      return count;
    },
  };
}
