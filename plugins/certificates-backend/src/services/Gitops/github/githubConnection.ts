import { LoggerService } from '@backstage/backend-plugin-api';
import { GithubCredentialsProvider } from '@backstage/integration';
import { GitopsConfigurationError } from '../types';
import { classify, failureOf, toError } from './errors';
import type { BatchTuning } from './batchTuning';
import {
  createGithubClient,
  GithubClient,
  GithubClientTuning,
} from './githubClient';

export type GitHubTargetOptions = {
  repoUrl: string;
  baseBranch: string;
  /** The integration's API base, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiBaseUrl: string;
  credentials: GithubCredentialsProvider;
  logger: LoggerService;
  tuning?: GithubClientTuning;
  /** Mutations per GraphQL document when opening many pull requests at once. */
  batch?: BatchTuning;
};

/**
 * One repository on GitHub and the authenticated client for it, shared by
 * the reads and the writes: every call goes through {@link call}, so a
 * revoked token is renewed the same way whichever step meets it.
 */
export class GitHubConnection {
  readonly owner: string;
  readonly repo: string;
  readonly baseBranch: string;
  readonly logger: LoggerService;
  readonly octokit: GithubClient;
  private headers?: Promise<Record<string, string>>;

  constructor(private readonly options: GitHubTargetOptions) {
    const parts = new URL(options.repoUrl).pathname.split('/').filter(Boolean);
    if (parts.length < 2) {
      throw new GitopsConfigurationError(
        `certificates.gitops.github.repoUrl ${options.repoUrl}: expected https://host/owner/repo`,
      );
    }
    this.owner = parts[0];
    this.repo = parts[1].replace(/\.git$/, '');
    this.baseBranch = options.baseBranch;
    this.logger = options.logger;
    this.octokit = createGithubClient({
      baseUrl: options.apiBaseUrl.replace(/\/+$/, ''),
      logger: options.logger,
      headers: () => this.authHeaders(),
      tuning: options.tuning,
    });
  }

  get fullName() {
    return `${this.owner}/${this.repo}`;
  }

  private authHeaders(): Promise<Record<string, string>> {
    if (!this.headers) {
      this.headers = this.options.credentials
        .getCredentials({ url: this.options.repoUrl })
        .then(credentials => {
          if (!credentials.token) {
            throw new GitopsConfigurationError(
              `no GitHub credentials for ${this.options.repoUrl}: configure a token or a GitHub App under integrations.github`,
            );
          }
          return { authorization: `Bearer ${credentials.token}` };
        });
      this.headers.catch(() => {
        this.headers = undefined;
      });
    }
    return this.headers;
  }

  /**
   * Runs one call; a 401 fetches the credentials again (a GitHub App
   * installation token may have been revoked or expired) and retries once.
   */
  async call<T>(step: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const failure = classify(error, this.fullName);
      if (failure.kind !== 'auth')
        throw Object.assign(error as object, { failure });
      this.logger.warn(
        `${step}: GitHub answered 401, fetching the credentials again`,
      );
      this.headers = undefined;
      try {
        return await fn();
      } catch (second) {
        const f2 = classify(second, this.fullName);
        throw Object.assign(second as object, {
          failure:
            f2.kind === 'auth' ? { kind: 'config', message: f2.message } : f2,
        });
      }
    }
  }

  /**
   * One read of this repository: `operation` selects `selection` (lines)
   * inside `repository(owner, name)`, every variable a `String!` (the
   * repository's owner and name are added). Answers `T`, what it selects.
   */
  readRepository<T>(
    step: string,
    operation: string,
    variables: Record<string, string>,
    selection: string[],
  ): Promise<T> {
    const all = { owner: this.owner, name: this.repo, ...variables };
    const declared = Object.keys(all)
      .map(k => `$${k}: String!`)
      .join(', ');
    const query = `query ${operation}(${declared}) {
  repository(owner: $owner, name: $name) {
    ${selection.join('\n    ')}
  }
}`;
    return this.graphqlRead<T>(step, query, all);
  }

  /** `T` is the shape of what `query` selects (Octokit does not check the answer against it). */
  async graphqlRead<T>(
    step: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    try {
      return await this.call(step, () =>
        this.octokit.graphql<T>(query, variables),
      );
    } catch (error) {
      throw toError(failureOf(error, this.fullName), step);
    }
  }
}
