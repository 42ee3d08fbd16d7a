import { LoggerService } from '@backstage/backend-plugin-api';
import { GitopsConfigurationError, PullRequestJobResult } from '../Gitops';
import { RequestStore } from '../RequestStore';
import { OPEN_STATES } from '../RequestStore/states';
import { BulkStore, QueuedBatchTeam } from './types';

const ACTOR = 'plugin:certificates';

/**
 * Records how a team's pull request of a batch went: on each of its
 * requests (only while they are open: a cancel meanwhile stays, and its
 * files are removed again at once) and on the team.
 */
export function createTeamSettler(options: {
  store: RequestStore;
  bulk: BulkStore;
  logger: LoggerService;
  cleanupCancelled: (id: string) => Promise<boolean>;
}) {
  const { store, bulk, logger, cleanupCancelled } = options;

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

  return settle;
}
