import {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PlatformModel } from '@internal/plugin-certificates-common';

/** Decides which teams a signed-in user may request certificates for. */
export interface MembershipService {
  /** Teams whose Group is among the user's ownership refs (cheap, from the token). */
  teamsOf(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<string[]>;
  /**
   * Throws NotAllowedError unless the user is a member of the team's Group
   * both in their token and in the catalog right now. Holds even when the
   * permission framework is disabled.
   */
  assertMember(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    team: string,
  ): Promise<void>;
}

export function createMembershipService(options: {
  platform: PlatformModel;
  userInfo: UserInfoService;
  catalog: CatalogService;
}): MembershipService {
  const { platform, userInfo, catalog } = options;

  async function ownershipRefs(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ) {
    const info = await userInfo.getUserInfo(credentials);
    return new Set(
      info.ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
    );
  }

  async function catalogGroups(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Set<string>> {
    const user: Entity | undefined = await catalog.getEntityByRef(
      credentials.principal.userEntityRef,
      { credentials },
    );
    const refs = (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
    return new Set(refs);
  }

  return {
    async teamsOf(credentials) {
      const refs = await ownershipRefs(credentials);
      return platform
        .teamNames()
        .filter(team => refs.has(teamGroupEntityRef(platform, team)));
    },
    async assertMember(credentials, team) {
      const group = teamGroupEntityRef(platform, team);
      const [refs, groups] = await Promise.all([
        ownershipRefs(credentials),
        catalogGroups(credentials),
      ]);
      if (!refs.has(group) || !groups.has(group)) {
        throw new NotAllowedError(
          `team: ${credentials.principal.userEntityRef} is not a member of ${group}`,
        );
      }
    },
  };
}

/** The full, lowercase entity ref of the Group that owns a team. */
export function teamGroupEntityRef(
  platform: PlatformModel,
  team: string,
): string {
  const ref = platform.teamGroupRef(team);
  return (
    ref.includes(':')
      ? ref
      : stringifyEntityRef({ kind: 'group', namespace: 'default', name: ref })
  ).toLocaleLowerCase('en-US');
}
