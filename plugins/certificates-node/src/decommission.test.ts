import { renderRequestFiles } from './render';
import { renderDecommissionPaths } from './decommission';
import { createTestPlatform, resolveOrThrow } from './testing/platforms';

const platform = createTestPlatform();
const request = resolveOrThrow(
  {
    team: 'team-a',
    domain: 'example.com',
    subdomain: 'shop',
    issuer: 'letsencrypt-staging',
  },
  platform,
);

describe('renderDecommissionPaths', () => {
  const written = renderRequestFiles(request, platform);

  it("removes only the certificate's own Certificate and PushSecret while the team has others", () => {
    const paths = renderDecommissionPaths(request, platform, {
      lastOfTeam: false,
    });
    const kinds = written
      .filter(f => paths.includes(f.path))
      .map(f => /^kind: (\w+)$/m.exec(f.content)?.[1])
      .sort();
    expect(kinds).toEqual(['Certificate', 'PushSecret']);
    // Every removed path is one the request wrote.
    expect(paths.every(p => written.some(f => f.path === p))).toBe(true);
  });

  it('removes everything the request wrote with the last certificate of the team', () => {
    const paths = renderDecommissionPaths(request, platform, {
      lastOfTeam: true,
    });
    expect(paths).toEqual(written.map(f => f.path).sort());
  });

  it('lets External Secrets delete the Vault copy with the PushSecret', () => {
    const pushSecret = written.find(f => /^kind: PushSecret$/m.test(f.content));
    expect(pushSecret?.content).toMatch(/^ {2}deletionPolicy: Delete$/m);
  });
});
