import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { CertificatesPermissionPolicy } from '../permissions';
import { asUser, testOwnershipRefs } from './testBackend';

/**
 * A permissions service that asks the real certificates policy, as the
 * permission backend does: service principals are allowed outright (as
 * ServerPermissionClient does), users get the policy's decision.
 */
export function permissionsRunning(policy: PermissionPolicy) {
  async function decide(
    requests: Array<{
      permission: Parameters<PermissionPolicy['handle']>[0]['permission'];
    }>,
    options?: { credentials?: BackstageCredentials },
  ): Promise<PolicyDecision[]> {
    const credentials = options?.credentials;
    const principal = credentials?.principal as
      | { type: string; userEntityRef?: string }
      | undefined;
    if (principal?.type === 'service')
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    const ref =
      principal?.type === 'user' ? principal.userEntityRef : undefined;
    const user = ref
      ? {
          credentials: credentials!,
          info: {
            userEntityRef: ref,
            ownershipEntityRefs: testOwnershipRefs(ref),
          },
        }
      : undefined;
    return Promise.all(
      requests.map(r => policy.handle({ permission: r.permission }, user)),
    );
  }
  return mockServices.permissions.mock({
    authorizeConditional: decide as any,
    // The routers ask definitive questions only of basic permissions.
    authorize: (async (requests: any[], options: any) =>
      (await decide(requests, options)).map(d =>
        d.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : d,
      )) as any,
  }).factory;
}

/** The certificates policy with `group:default/platform` (carol) as platform admins. */
export const testPolicy = new CertificatesPermissionPolicy(
  { platformAdmins: ['group:default/platform'], readAllGroups: [] },
  mockServices.userInfo.mock({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: testOwnershipRefs(ref),
      };
    },
  }),
);

/** A team-a member, a team-b member, a platform admin, a service, nobody. */
export type Caller = 'alice' | 'bob' | 'carol' | 'service' | 'anonymous';
export const CALLERS: Caller[] = [
  'alice',
  'bob',
  'carol',
  'service',
  'anonymous',
];
const HEADERS: Record<Caller, () => string> = {
  alice: () => asUser('alice'),
  bob: () => asUser('bob'),
  carol: () => asUser('carol'),
  service: () => mockCredentials.service.header(),
  anonymous: () => mockCredentials.none.header(),
};
export const header = (caller: Caller) => HEADERS[caller]();
