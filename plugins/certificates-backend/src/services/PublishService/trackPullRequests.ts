import { GitopsTarget } from '../Gitops';
import { RequestStore } from '../RequestStore';
import { PUBLISHER_ACTOR as ACTOR } from './publisherOptions';

/**
 * Records the pull requests of open requests that were merged or closed
 * meanwhile (one read for all of them); returns how many requests changed.
 */
export async function trackPullRequests(
  store: RequestStore,
  gitops: Pick<GitopsTarget, 'pullRequestStates'>,
): Promise<number> {
  const open = (await store.list({ states: ['pr-open'] })).filter(
    r => r.pullRequest,
  );
  if (open.length === 0) return 0;
  const states = await gitops.pullRequestStates(open.map(r => r.pullRequest!));
  let changed = 0;
  for (const request of open) {
    const state = states.get(request.pullRequest!.number);
    if (!state || state === 'open') continue;
    const result = await store.transition(request.id, {
      to: state === 'merged' ? 'merged' : 'closed',
      from: ['pr-open'],
      actor: ACTOR,
      message: `pull request #${request.pullRequest!.number} ${state}`,
      pullRequest: { ...request.pullRequest!, state },
    });
    if (result.changed) changed++;
  }
  return changed;
}
