import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  certificatePlatformAdminPermission,
  certificateRequestCreatePermission,
  certificateRequestReadPermission,
} from '@internal/plugin-certificates-common';
import {
  CertificatesPermissionPolicy,
  readCertificatesPolicyOptions,
} from './policy';
import { certificateRequestRules } from './rules';

const GROUPS: Record<string, string[]> = {
  alice: ['group:default/team-a'],
  carol: ['group:default/platform-team'],
  dave: ['group:default/auditors'],
};

const policy = new CertificatesPermissionPolicy(
  readCertificatesPolicyOptions(
    new ConfigReader({
      certificates: {
        platformAdmins: ['group:default/Platform-Team'],
        readAllGroups: ['auditors'],
      },
    }),
  ),
  mockServices.userInfo.mock({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref.split('/')[1]] ?? [])],
      };
    },
  }),
);

function as(name: string) {
  const credentials = mockCredentials.user(`user:default/${name}`);
  return {
    credentials,
    info: { userEntityRef: `user:default/${name}`, ownershipEntityRefs: [] },
  };
}
const apply = createConditionAuthorizer(Object.values(certificateRequestRules));
const resource = (team: string, requester?: string) => ({
  team,
  group: `group:default/${team}`,
  requester,
});

describe('CertificatesPermissionPolicy', () => {
  it('denies platform administration to a plain team member and to anonymous callers', async () => {
    const permission = certificatePlatformAdminPermission;
    expect(await policy.handle({ permission }, as('alice'))).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission }, as('dave'))).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows platform administration to members of a platformAdmins group', async () => {
    expect(
      await policy.handle(
        { permission: certificatePlatformAdminPermission },
        as('carol'),
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets admins and read-all groups read everything', async () => {
    for (const name of ['carol', 'dave'])
      expect(
        await policy.handle(
          { permission: certificateRequestReadPermission },
          as(name),
        ),
      ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("scopes a member's reads to their teams and their own requests", async () => {
    const decision = (await policy.handle(
      { permission: certificateRequestReadPermission },
      as('alice'),
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.resourceType).toBe('certificate-request');
    expect(apply(decision, resource('team-a'))).toBe(true);
    expect(apply(decision, resource('team-b'))).toBe(false);
    expect(apply(decision, resource('team-b', 'user:default/alice'))).toBe(
      true,
    );
  });

  it('lets members create for their teams only, admins included', async () => {
    for (const name of ['alice', 'carol']) {
      const decision = (await policy.handle(
        { permission: certificateRequestCreatePermission },
        as(name),
      )) as ConditionalPolicyDecision;
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(apply(decision, resource('team-a'))).toBe(name === 'alice');
      expect(apply(decision, resource('team-b'))).toBe(false);
    }
  });

  it('leaves other plugins to signed-in users and refuses anonymous callers', async () => {
    const permission = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    expect(await policy.handle({ permission }, as('alice'))).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
