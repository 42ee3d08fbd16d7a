import { silentLogger } from '../../../../__testUtils__/silentLogger';
import { GitHubTarget, GitHubTargetOptions } from '../GitHubTarget';
import { FakeGitHub } from './fakeGitHub';

/**
 * A GitHubTarget on a FakeGitHub, signed in with the fake's valid token and
 * without real waits between retries or writes; `options` replaces any part.
 */
export function fakeGitHubTarget(
  fake: FakeGitHub,
  options: Partial<GitHubTargetOptions> = {},
): GitHubTarget {
  return new GitHubTarget({
    repoUrl: fake.repoUrl,
    baseBranch: 'main',
    apiBaseUrl: fake.api,
    credentials: {
      getCredentials: async () => ({
        type: 'token' as const,
        token: 'ghs_valid',
      }),
    },
    logger: silentLogger(),
    tuning: { retryAfterUnitMs: 1, spaceWrites: false },
    ...options,
  });
}
