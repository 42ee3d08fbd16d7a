import { NotFoundError } from '@backstage/errors';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { randomUUID } from 'node:crypto';
import { PublishInfo } from '../RequestStore/lifecycleStore';
import {
  describeChange,
  PublishedContent,
  publishedContent,
} from './pullRequestText';
import { createChange, decommissionChange } from './requestChange';
import { failedStepOf } from './retryPolicy';
import { PUBLISHER_ACTOR, RequestPublisherOptions } from './publisherOptions';
import {
  cleanupCancelledRequest,
  recordPublishFailure,
} from './publishOutcomes';

export { PUBLISHER_ACTOR } from './publisherOptions';
export type { RequestPublisherOptions } from './publisherOptions';

const ACTOR = PUBLISHER_ACTOR;

/**
 * Publishes one request at a time under its lease: opens or updates its
 * pull request, records failures with backoff, and cleans up cancelled ones.
 */
export function createRequestPublisher(options: RequestPublisherOptions) {
  const { store, lifecycle, gitops, platform, policy, changeSet } = options;
  const instance = randomUUID().slice(0, 8);

  /** Opens or updates the pull request of one request, once; the caller holds its lease. */
  async function publishOnce(
    id: string,
    info: PublishInfo,
  ): Promise<StoredCertificateRequest> {
    const record = await store.get(id);
    const resolved = await store.getResolved(id);
    if (!record || !resolved)
      throw new NotFoundError(`request ${id} not found`);
    const content = publishedContent(resolved);
    const before = info.publishedJson
      ? (JSON.parse(info.publishedJson) as PublishedContent)
      : undefined;
    // The note survives republishing the same content, so the description stays put.
    const changeNote =
      before && info.publishedJson !== JSON.stringify(content)
        ? describeChange(before, content)
        : info.changeNote;
    let progress = await store.getProgress(id);
    try {
      const change =
        info.operation === 'decommission'
          ? decommissionChange({
              record,
              resolved,
              platform,
              teamRequests: await store.list({ team: record.team }),
            })
          : createChange({ record, resolved, platform, changeNote });
      const pullRequest = await gitops.openPullRequest(
        changeSet(change),
        progress,
        p => {
          progress = p;
          return store.saveProgress(id, p);
        },
      );
      const updated = record.pullRequest?.number === pullRequest.number;
      const { record: next } = await store.transition(id, {
        to: 'pr-open',
        // A cancel (or a merge seen meanwhile) wins over this publish.
        from: ['pending', 'pr-open'],
        actor: ACTOR,
        message:
          updated && changeNote !== info.changeNote
            ? `pull request #${pullRequest.number} updated: ${changeNote}`
            : `pull request #${pullRequest.number} open`,
        pullRequest,
        error: null,
        failedStep: null,
        attempts: 0,
        nextAttemptAt: null,
        published: {
          json: JSON.stringify(content),
          changeNote: changeNote ?? null,
        },
      });
      if (info.operation === 'create' && !record.pullRequest)
        await keepTeamBundle(record);
      return next;
    } catch (error) {
      return recordFailure(id, info, error, failedStepOf(progress));
    }
  }

  /**
   * A new certificate of a team whose open decommission may remove the team
   * bundle (it was the last certificate): that decommission is published
   * again, now keeping the bundle.
   */
  async function keepTeamBundle(record: StoredCertificateRequest) {
    const decommissions = (await store.list({ team: record.team })).filter(
      r =>
        r.operation === 'decommission' &&
        r.state === 'pr-open' &&
        r.certificateName !== record.certificateName,
    );
    for (const d of decommissions) {
      const { changed } = await store.transition(d.id, {
        to: 'pending',
        from: ['pr-open'],
        actor: ACTOR,
        message: `certificate ${record.certificateName} of the team is on its way: updating the pull request to keep the team bundle`,
      });
      if (changed) await publish(d.id);
    }
  }

  /** Configuration errors fail at once; others retry with backoff until the cap. */
  function recordFailure(
    id: string,
    info: PublishInfo,
    error: unknown,
    step: string,
  ) {
    return recordPublishFailure(options, id, info, error, step);
  }

  /**
   * Publishes under the request's lease, so one publisher (of any
   * instance) writes its branch at a time. A change stored while
   * publishing is published in a further round.
   */
  async function publish(id: string): Promise<StoredCertificateRequest> {
    const record = await store.get(id);
    if (!record) throw new NotFoundError(`request ${id} not found`);
    if (record.state !== 'pending' && record.state !== 'pr-open') return record;
    const owner = `${instance}/${randomUUID()}`;
    if (!(await lifecycle.claim(id, owner, policy.leaseMs))) return record;
    try {
      let result = record;
      for (let round = 0; round < 3; round++) {
        const info = await lifecycle.publishInfo(id);
        if (!info) throw new NotFoundError(`request ${id} not found`);
        result = await publishOnce(id, info);
        const after = await store.get(id);
        if (after?.state !== 'pending' || after.attempts) return result;
      }
      return result;
    } finally {
      await lifecycle.release(id, owner);
    }
  }

  const cleanupCancelled = (id: string) =>
    cleanupCancelledRequest(options, `${instance}/${randomUUID()}`, id);

  return { publish, cleanupCancelled };
}
