import {
  CertificateRequestResource,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { teamGroupEntityRef } from '../services/Membership';
import { RequestStore } from '../services/RequestStore';

const REQUEST_ID = /^[0-9a-f-]{36}$/;

/**
 * Loads the resources the permission backend asks about (`getResources`).
 * A resource ref is a request id, or a configured team's name for what is
 * done to a team's certificates rather than to one request (renew,
 * decommission). Anything else is unknown, which the framework denies.
 */
export function createRequestResourceLoader(options: {
  store: Pick<RequestStore, 'get'>;
  platform: PlatformModel;
}) {
  const { store, platform } = options;
  return (refs: string[]) =>
    Promise.all(
      refs.map(async (ref): Promise<CertificateRequestResource | undefined> => {
        if (platform.teamNames().includes(ref))
          return { team: ref, group: teamGroupEntityRef(platform, ref) };
        if (!REQUEST_ID.test(ref)) return undefined;
        const record = await store.get(ref);
        return record
          ? {
              team: record.team,
              group: teamGroupEntityRef(platform, record.team),
              requester: record.createdBy,
            }
          : undefined;
      }),
    );
}
