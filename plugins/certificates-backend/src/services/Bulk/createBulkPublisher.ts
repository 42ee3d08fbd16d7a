import {
  GitopsConfigurationError,
  isBatchGitopsTarget,
  openPullRequestsOneByOne,
  PullRequestJob,
  PullRequestJobResult,
} from '../Gitops';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { OPEN_STATES } from '../RequestStore/states';
import { BatchCleanupOptions, createBatchCleanup } from './batchCleanup';
import { batchChangeSet } from './batchChange';
import { QueuedBatchTeam } from './types';

const ACTOR = 'plugin:certificates';

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

  /** Records how a team's pull request went, on the team and on each of its requests. */
  async function settle(
    batchId: string,
    team: QueuedBatchTeam,
    result: PullRequestJobResult,
  ) {
    if (result.ok) {
      const pr = result.pullRequest;
      for (const id of team.requestIds) {
        const record = await store.get(id);
        if (
          record?.state === 'pr-open' &&
          record.pullRequest?.number === pr.number
        )
          continue; // recorded before a crash
        await store.transition(id, {
          from: OPEN_STATES,
          to: 'pr-open',
          actor: ACTOR,
          message: `pull request #${pr.number} open (bulk request ${batchId})`,
          pullRequest: pr,
          error: null,
        });
      }
      await bulk.finishTeam(batchId, team.team, {
        state: 'opened',
        pullRequest: pr,
      });
      // A cancel while the pull request was being opened: its files are in it now.
      for (const id of team.requestIds)
        if ((await store.get(id))?.state === 'cancelled')
          await cleanupCancelled(id);
      return;
    }
    const message = result.error.message;
    if (result.error instanceof GitopsConfigurationError) {
      logger.error(`Bulk request ${batchId}, team ${team.team}: ${message}`);
      for (const id of team.requestIds)
        await store.transition(id, {
          from: OPEN_STATES,
          to: 'failed',
          actor: ACTOR,
          message,
          error: message,
        });
      await bulk.finishTeam(batchId, team.team, {
        state: 'failed',
        error: message,
      });
      return;
    }
    logger.warn(
      `Bulk request ${batchId}, team ${team.team} will be retried: ${message}`,
    );
    await bulk.finishTeam(batchId, team.team, {
      state: 'queued',
      error: message,
    });
  }

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
