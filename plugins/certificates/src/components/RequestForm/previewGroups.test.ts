import { groupPreview } from './previewGroups';

const file = (path: string) => ({ path, content: '' });

describe('groupPreview', () => {
  it("puts the team's Certificate first, then the platform's tenant files, then policies", () => {
    const groups = groupPreview([
      file('platform/tenants/team-a/namespace.yaml'),
      file('platform/tenants/team-a/rbac/role.yaml'),
      file('tenants/team-a/certificates/shop/pushsecret.yaml'),
      file('platform/tenants/team-a/vault/policy.hcl'),
      file('platform/tenants/team-a/network-policies/default-deny.yaml'),
      file('tenants/team-a/certificates/shop/certificate.yaml'),
      file('platform/tenants/team-a/appproject.yaml'),
    ]);
    expect(groups.map(g => [g.key, g.files.map(f => f.path)])).toEqual([
      [
        'certificate',
        [
          'tenants/team-a/certificates/shop/certificate.yaml',
          'tenants/team-a/certificates/shop/pushsecret.yaml',
        ],
      ],
      [
        'tenant',
        [
          'platform/tenants/team-a/appproject.yaml',
          'platform/tenants/team-a/namespace.yaml',
        ],
      ],
      [
        'policies',
        [
          'platform/tenants/team-a/network-policies/default-deny.yaml',
          'platform/tenants/team-a/rbac/role.yaml',
          'platform/tenants/team-a/vault/policy.hcl',
        ],
      ],
    ]);
  });

  it('leaves out empty groups', () => {
    expect(
      groupPreview([file('tenants/a/certificates/x/certificate.yaml')]).map(
        g => g.key,
      ),
    ).toEqual(['certificate']);
  });
});
