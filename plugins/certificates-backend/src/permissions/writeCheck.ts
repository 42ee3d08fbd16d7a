import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { MembershipService } from '../services/Membership';
import { RequestAccess } from './requestAccess';

/** Throws NotAllowedError (message `team: ...`) unless the caller may request certificates for the team. */
export type WriteCheck = (
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  team: string,
) => Promise<void>;

/**
 * The one write check of single, bulk and lifecycle routes: the policy,
 * then the catalog's membership (which holds even with the permission
 * framework disabled).
 */
export function createWriteCheck(options: {
  access: Pick<RequestAccess, 'allowed'>;
  membership: Pick<MembershipService, 'assertMember'>;
}): WriteCheck {
  const { access, membership } = options;
  return async (credentials, team) => {
    if (!(await access.allowed(credentials, 'create', team)))
      throw new NotAllowedError(
        `team: ${credentials.principal.userEntityRef} may not request certificates for ${team}`,
      );
    await membership.assertMember(credentials, team);
  };
}
