import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { GitHubTarget } from './github';
import { LocalGitTarget } from './LocalGitTarget';
import { GitopsTarget } from './types';

/** Builds the configured GitOps target (`certificates.gitops.target`). */
export async function createGitopsTarget(options: {
  config: RootConfigService;
  logger: LoggerService;
}): Promise<GitopsTarget> {
  const gitops = options.config.getConfig('certificates.gitops');
  const target = gitops.getOptionalString('target') ?? 'local';
  const baseBranch = gitops.getOptionalString('baseBranch') ?? 'main';
  if (target === 'local') {
    const dir = gitops.getOptionalString('local.path') ?? 'data/gitops';
    const local = await LocalGitTarget.create({
      dir,
      baseBranch,
      appBaseUrl: options.config.getOptionalString('app.baseUrl'),
    });
    options.logger.info(
      `Certificates publish pull requests to the local git repository ${dir}`,
    );
    return local;
  }
  if (target === 'github') {
    const github = GitHubTarget.fromConfig({
      config: options.config,
      logger: options.logger,
    });
    options.logger.info(
      `Certificates publish pull requests to ${github.owner}/${github.repo} on GitHub (base ${baseBranch})`,
    );
    return github;
  }
  throw new Error(
    `certificates.gitops.target: unknown target "${target}"; use "local" or "github"`,
  );
}
