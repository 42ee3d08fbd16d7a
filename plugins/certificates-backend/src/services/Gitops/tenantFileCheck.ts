import { PlatformModel } from '@internal/plugin-certificates-common';
import {
  checkPullRequestFiles,
  renamedCertificates,
} from '@internal/plugin-certificates-node';
import { isBatchGitopsTarget, PullRequestJob } from './batchTypes';
import { ChangeSet, GitopsConfigurationError, GitopsTarget } from './types';

/** The repository check's problems with one change set, and renames in place of merged Certificates, as an error retrying cannot fix. */
async function refusal(
  change: ChangeSet,
  platform: PlatformModel,
  target: GitopsTarget,
) {
  const problems = [
    ...checkPullRequestFiles(change.files, platform),
    ...(await renamedCertificates(change.files, path =>
      target.readBaseFile(path),
    )),
  ];
  if (problems.length === 0) return undefined;
  return new GitopsConfigurationError(
    `files: the pull request ${
      change.branch
    } would fail the repository check: ${problems.join('; ')}`,
  );
}

/**
 * `target`, except that every pull request it opens first passes the
 * repository check the GitOps repository's CI runs on it (docs/security.md,
 * escape 7): the backend never opens a pull request its own check would
 * fail, whichever publisher builds it. Everything else is the target's own.
 */
export function withTenantFileCheck<T extends GitopsTarget>(
  target: T,
  platform: PlatformModel,
): T {
  const openPullRequest: GitopsTarget['openPullRequest'] = async (
    change,
    progress,
    saveProgress,
  ) => {
    const error = await refusal(change, platform, target);
    if (error) throw error;
    return target.openPullRequest(change, progress, saveProgress);
  };
  const openPullRequests = async (jobs: PullRequestJob[]) => {
    if (!isBatchGitopsTarget(target))
      throw new Error('openPullRequests: not a batch target');
    const errors: Array<GitopsConfigurationError | undefined> = [];
    for (const job of jobs)
      errors.push(await refusal(job.change, platform, target));
    const passed = jobs.filter((_, i) => !errors[i]);
    const opened = await target.openPullRequests(passed);
    return errors.map(error =>
      error ? { ok: false as const, error } : opened.shift()!,
    );
  };
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'openPullRequest') return openPullRequest;
      if (prop === 'openPullRequests' && isBatchGitopsTarget(t))
        return openPullRequests;
      const value = Reflect.get(t, prop, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}
