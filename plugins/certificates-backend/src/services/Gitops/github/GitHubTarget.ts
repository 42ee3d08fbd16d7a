import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { PullRequestRef } from '@internal/plugin-certificates-common';
import { createHash } from 'node:crypto';
import { PublishProgress } from '../../RequestStore';
import { ChangeSet, GitopsConfigurationError, GitopsTarget } from '../types';
import {
  classify,
  Failure,
  failureOf,
  hasFailure,
  isHttpError,
  isObject,
  prop,
  toError,
} from './errors';
import {
  createGithubClient,
  GithubClientTuning,
  GithubClient,
} from './githubClient';

/** The git blob id of a text file: sha1 of `blob <bytes>\0<content>`. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** Paths per GraphQL query (two aliases each in the pull request query). */
const PATHS_PER_QUERY = 250;
/** Pull requests per state query. */
const PRS_PER_QUERY = 100;
/** Attempts of one write step (after reading whether the previous one was applied). */
const WRITE_ATTEMPTS = 3;

type OpenPr = { number: number; url: string };

type RepoState = {
  baseOid: string;
  headOid?: string;
  openPr?: OpenPr;
  baseBlobs: Map<string, string | undefined>;
  headBlobs: Map<string, string | undefined>;
};

type WantedFile = { path: string; content: string; sha: string };

type Deferred = {
  resolve: (v: string | undefined) => void;
  reject: (e: unknown) => void;
};

/*
 * What the GraphQL queries below select. Aliases are numbered per path
 * (`b0`, `h0`, `f0` ...); GraphQL answers null for a missing ref or object.
 */
type Oid = { oid?: string } | null;
type RefTarget = { target?: Oid } | null;
type BaseBlobs = { [alias: `b${number}`]: Oid | undefined };
type HeadBlobs = { [alias: `h${number}`]: Oid | undefined };

type BranchStateData = {
  repository?:
    | ({
        isEmpty?: boolean;
        base?: RefTarget;
        head?: RefTarget;
        pullRequests?: {
          nodes?: Array<{
            number: number;
            url: string;
            baseRefName?: string;
            isCrossRepository?: boolean;
          } | null> | null;
        } | null;
      } & BaseBlobs &
        HeadBlobs)
    | null;
};

type BranchHeadData = {
  repository?: ({ head?: RefTarget } & HeadBlobs) | null;
};

type TextBlob = {
  oid?: string;
  text?: string | null;
  isBinary?: boolean;
  isTruncated?: boolean;
} | null;
type BaseFilesData = {
  repository?: { [alias: `f${number}`]: TextBlob | undefined } | null;
};

type CommitData = {
  createCommitOnBranch: { commit: { oid: string; url: string } };
};

export type GitHubTargetOptions = {
  repoUrl: string;
  baseBranch: string;
  /** The integration's API base, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiBaseUrl: string;
  credentials: GithubCredentialsProvider;
  logger: LoggerService;
  tuning?: GithubClientTuning;
};

/**
 * Pull requests on GitHub. A new pull request costs at most four calls,
 * whatever the number of files: one GraphQL read (base head, branch head,
 * open pull request and the blob ids of every path), the branch ref, one
 * `createCommitOnBranch` and the pull request. Unchanged files are left
 * out by comparing git blob ids computed locally. Writes are never
 * retried blindly: after a timeout or 5xx the state is read first.
 */
export class GitHubTarget implements GitopsTarget {
  readonly kind = 'github' as const;
  readonly owner: string;
  readonly repo: string;
  private readonly octokit: GithubClient;
  private headers?: Promise<Record<string, string>>;
  private pendingReads?: Map<string, Deferred[]>;

  static fromConfig(options: {
    config: Config;
    logger: LoggerService;
    tuning?: GithubClientTuning;
  }): GitHubTarget {
    const gitops = options.config.getConfig('certificates.gitops');
    const repoUrl = gitops.getString('github.repoUrl');
    const baseBranch = gitops.getOptionalString('baseBranch') ?? 'main';
    const integrations = ScmIntegrations.fromConfig(options.config);
    const integration = integrations.github.byUrl(repoUrl);
    if (!integration) {
      throw new GitopsConfigurationError(
        `certificates.gitops.github.repoUrl ${repoUrl}: no integrations.github entry for its host`,
      );
    }
    return new GitHubTarget({
      repoUrl,
      baseBranch,
      apiBaseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      credentials:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      logger: options.logger,
      tuning: options.tuning,
    });
  }

  constructor(private readonly options: GitHubTargetOptions) {
    const parts = new URL(options.repoUrl).pathname.split('/').filter(Boolean);
    if (parts.length < 2) {
      throw new GitopsConfigurationError(
        `certificates.gitops.github.repoUrl ${options.repoUrl}: expected https://host/owner/repo`,
      );
    }
    this.owner = parts[0];
    this.repo = parts[1].replace(/\.git$/, '');
    this.octokit = createGithubClient({
      baseUrl: options.apiBaseUrl.replace(/\/+$/, ''),
      logger: options.logger,
      headers: () => this.authHeaders(),
      tuning: options.tuning,
    });
  }

  private get baseBranch() {
    return this.options.baseBranch;
  }

  private get fullName() {
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
  private async call<T>(step: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const failure = classify(error, this.fullName);
      if (failure.kind !== 'auth')
        throw Object.assign(error as object, { failure });
      this.options.logger.warn(
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

  // ---------------------------------------------------------------- reads

  /** Call 1: base and branch heads, the open pull request, blob ids of the paths on both. */
  private async readState(branch: string, paths: string[]): Promise<RepoState> {
    const state: RepoState = {
      baseOid: '',
      baseBlobs: new Map(),
      headBlobs: new Map(),
    };
    const chunks = chunk(paths, PATHS_PER_QUERY);
    for (let c = 0; c < Math.max(1, chunks.length); c++) {
      const part = chunks[c] ?? [];
      const variables: Record<string, string> = {
        owner: this.owner,
        name: this.repo,
        baseRef: `refs/heads/${this.baseBranch}`,
        headRef: `refs/heads/${branch}`,
        headName: branch,
      };
      const fields: string[] = [];
      part.forEach((p, i) => {
        variables[`b${i}`] = `${this.baseBranch}:${p}`;
        variables[`h${i}`] = `${branch}:${p}`;
        fields.push(
          `b${i}: object(expression: $b${i}) { ... on Blob { oid } }`,
        );
        fields.push(
          `h${i}: object(expression: $h${i}) { ... on Blob { oid } }`,
        );
      });
      const declared = Object.keys(variables)
        .map(k => `$${k}: String!`)
        .join(', ');
      const query = `query GitopsBranchState(${declared}) {
  repository(owner: $owner, name: $name) {
    isEmpty
    base: ref(qualifiedName: $baseRef) { target { oid } }
    head: ref(qualifiedName: $headRef) { target { oid } }
    pullRequests(headRefName: $headName, states: [OPEN], first: 10) {
      nodes { number url baseRefName isCrossRepository }
    }
    ${fields.join('\n    ')}
  }
}`;
      const data = await this.graphqlRead<BranchStateData>(
        'read branch state',
        query,
        variables,
      );
      const repository = data?.repository;
      if (!repository)
        throw new GitopsConfigurationError(
          `read branch state: repository ${this.fullName} not found`,
        );
      if (repository.isEmpty) {
        throw new GitopsConfigurationError(
          `repository ${this.fullName} is empty: push a first commit to ${this.baseBranch}`,
        );
      }
      if (!repository.base?.target?.oid) {
        throw new GitopsConfigurationError(
          `base branch ${this.baseBranch} does not exist in ${this.fullName}`,
        );
      }
      state.baseOid = repository.base.target.oid;
      state.headOid = repository.head?.target?.oid ?? undefined;
      const pr = (repository.pullRequests?.nodes ?? []).find(
        n => n && n.baseRefName === this.baseBranch && !n.isCrossRepository,
      );
      if (pr) state.openPr = { number: pr.number, url: pr.url };
      part.forEach((p, i) => {
        state.baseBlobs.set(p, repository[`b${i}`]?.oid ?? undefined);
        state.headBlobs.set(p, repository[`h${i}`]?.oid ?? undefined);
      });
    }
    return state;
  }

  /** Re-reads the branch after an ambiguous or stale commit. */
  private async readBranch(
    branch: string,
    paths: string[],
  ): Promise<{ headOid?: string; blobs: Map<string, string | undefined> }> {
    const variables: Record<string, string> = {
      owner: this.owner,
      name: this.repo,
      headRef: `refs/heads/${branch}`,
    };
    const fields = paths.map((p, i) => {
      variables[`h${i}`] = `${branch}:${p}`;
      return `h${i}: object(expression: $h${i}) { ... on Blob { oid } }`;
    });
    const declared = Object.keys(variables)
      .map(k => `$${k}: String!`)
      .join(', ');
    const query = `query GitopsBranchHead(${declared}) {
  repository(owner: $owner, name: $name) {
    head: ref(qualifiedName: $headRef) { target { oid } }
    ${fields.join('\n    ')}
  }
}`;
    const data = await this.graphqlRead<BranchHeadData>(
      'read branch',
      query,
      variables,
    );
    const repository = data?.repository ?? {};
    return {
      headOid: repository.head?.target?.oid ?? undefined,
      blobs: new Map(
        paths.map((p, i) => [p, repository[`h${i}`]?.oid ?? undefined]),
      ),
    };
  }

  /** `T` is the shape of what `query` selects (Octokit does not check the answer against it). */
  private async graphqlRead<T>(
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

  async readBaseFile(path: string): Promise<string | undefined> {
    // Reads asked in the same tick (e.g. Promise.all over a request's files) share one query.
    return new Promise((resolve, reject) => {
      if (!this.pendingReads) {
        this.pendingReads = new Map();
        queueMicrotask(() => this.flushReads());
      }
      const waiting = this.pendingReads.get(path) ?? [];
      waiting.push({ resolve, reject });
      this.pendingReads.set(path, waiting);
    });
  }

  /** Reads many files of the base branch in one GraphQL query (per 250 paths). */
  async readBaseFiles(
    paths: string[],
  ): Promise<Map<string, string | undefined>> {
    const result = new Map<string, string | undefined>();
    for (const part of chunk([...new Set(paths)], PATHS_PER_QUERY)) {
      const variables: Record<string, string> = {
        owner: this.owner,
        name: this.repo,
      };
      const fields = part.map((p, i) => {
        variables[`f${i}`] = `${this.baseBranch}:${p}`;
        return `f${i}: object(expression: $f${i}) { ... on Blob { oid text isBinary isTruncated } }`;
      });
      const declared = Object.keys(variables)
        .map(k => `$${k}: String!`)
        .join(', ');
      const query = `query GitopsBaseFiles(${declared}) {
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}`;
      const data = await this.graphqlRead<BaseFilesData>(
        'read base files',
        query,
        variables,
      );
      if (!data?.repository)
        throw new GitopsConfigurationError(
          `repository ${this.fullName} not found`,
        );
      for (const [i, p] of part.entries()) {
        const blob = data.repository[`f${i}`];
        if (!blob || typeof blob.oid !== 'string') result.set(p, undefined);
        else if (
          blob.isTruncated ||
          blob.text === null ||
          blob.text === undefined
        )
          result.set(p, await this.readBlob(blob.oid));
        else result.set(p, blob.text);
      }
    }
    return result;
  }

  /** Large files: GraphQL truncates `text`, the blob API does not. */
  private async readBlob(sha: string): Promise<string> {
    try {
      const response = await this.call('read blob', () =>
        this.octokit.rest.git.getBlob({
          owner: this.owner,
          repo: this.repo,
          file_sha: sha,
        }),
      );
      return Buffer.from(
        response.data.content,
        (response.data.encoding as BufferEncoding) ?? 'base64',
      ).toString('utf8');
    } catch (error) {
      throw toError(failureOf(error, this.fullName), 'read blob');
    }
  }

  private async flushReads() {
    const pending = this.pendingReads!;
    this.pendingReads = undefined;
    try {
      const files = await this.readBaseFiles([...pending.keys()]);
      for (const [p, waiting] of pending)
        waiting.forEach(w => w.resolve(files.get(p)));
    } catch (error) {
      for (const waiting of pending.values())
        waiting.forEach(w => w.reject(error));
    }
  }

  async pullRequestStates(
    prs: PullRequestRef[],
  ): Promise<Map<number, PullRequestRef['state']>> {
    const result = new Map<number, PullRequestRef['state']>(
      prs.map(p => [p.number, p.state]),
    );
    const numbers = [...new Set(prs.map(p => p.number))].filter(
      n => Number.isInteger(n) && n > 0,
    );
    for (const part of chunk(numbers, PRS_PER_QUERY)) {
      const query = `query GitopsPullRequestStates($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    ${part
      .map(n => `pr${n}: pullRequest(number: ${n}) { number state merged }`)
      .join('\n    ')}
  }
}`;
      // Read as plain JSON: a partial answer (below) comes from the error, unchecked.
      let data: unknown;
      try {
        data = await this.call('pull request states', () =>
          this.octokit.graphql<unknown>(query, {
            owner: this.owner,
            name: this.repo,
          }),
        );
      } catch (error) {
        // A deleted pull request answers NOT_FOUND for its alias alone: keep the others.
        const partial = prop(error, 'data');
        if (
          prop(error, 'name') === 'GraphqlResponseError' &&
          prop(partial, 'repository')
        )
          data = partial;
        else
          throw toError(failureOf(error, this.fullName), 'pull request states');
      }
      for (const n of part) {
        const pr = prop(prop(data, 'repository'), `pr${n}`);
        if (!pr || !isObject(pr)) continue;
        result.set(n, prState(pr));
      }
    }
    return result;
  }

  // --------------------------------------------------------------- writes

  async openPullRequest(
    change: ChangeSet,
    progress: PublishProgress,
    saveProgress: (progress: PublishProgress) => Promise<void>,
  ): Promise<PullRequestRef> {
    const files = dedupe(change.files);
    const paths = files.map(f => f.path);
    const state = await this.readState(change.branch, paths);
    let current: PublishProgress = { ...progress };
    const save = async (next: PublishProgress) => {
      current = next;
      await saveProgress(next);
    };

    // Where the commit goes and what it is compared with.
    let parent: string;
    let compare: Map<string, string | undefined> | undefined;
    let fresh: boolean;
    if (state.headOid && state.openPr) {
      parent = state.headOid;
      compare = state.headBlobs;
      fresh = false;
    } else if (state.headOid && state.headOid === state.baseOid) {
      parent = state.headOid; // created before a crash, nothing committed yet
      compare = state.baseBlobs;
      fresh = true;
    } else if (
      state.headOid &&
      !current.pullRequest &&
      current.branch === change.branch &&
      current.commitSha === state.headOid
    ) {
      parent = state.headOid; // our commit from before a crash: open its pull request
      compare = state.headBlobs;
      fresh = false;
    } else if (state.headOid) {
      // Left over from a closed pull request: starts again from the base (no open pull request shows it).
      parent = await this.resetBranch(change.branch, state.baseOid);
      compare = parent === state.baseOid ? state.baseBlobs : undefined;
      fresh = true;
      await save({ branch: change.branch });
    } else {
      parent = await this.createBranch(change.branch, state.baseOid);
      compare = parent === state.baseOid ? state.baseBlobs : undefined;
      fresh = true;
      await save({ branch: change.branch });
    }

    const changed = files.filter(
      f => !compare || compare.get(f.path) !== f.sha,
    );
    let head = parent;
    if (changed.length > 0 || (fresh && !state.openPr)) {
      // A fresh branch always gets a commit, even an empty one, so that the pull request has one.
      head = await this.commit(change, parent, changed, files);
    }
    if (current.branch !== change.branch || current.commitSha !== head) {
      await save({ ...current, branch: change.branch, commitSha: head });
    }

    if (state.openPr) {
      const ref = this.ref(state.openPr, change.branch);
      if (current.pullRequest?.number !== ref.number)
        await save({ ...current, pullRequest: ref });
      return ref;
    }
    const differing = files
      .filter(f => state.baseBlobs.get(f.path) !== f.sha)
      .map(f => f.path);
    const created = await this.createPullRequest(
      change,
      change.body(differing),
    );
    const ref = this.ref(created.pr, change.branch);
    await save({ ...current, pullRequest: ref });
    if (created.created) await this.decorate(created.pr.number, change);
    return ref;
  }

  private ref(pr: OpenPr, branch: string): PullRequestRef {
    return { url: pr.url, number: pr.number, branch, state: 'open' };
  }

  /** POST /git/refs; 422 "Reference already exists" and applied-but-unanswered creations converge. */
  private async createBranch(branch: string, sha: string): Promise<string> {
    const step = `create branch ${branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        await this.call(step, () =>
          this.octokit.rest.git.createRef({
            owner: this.owner,
            repo: this.repo,
            ref: `refs/heads/${branch}`,
            sha,
            request: { retries: 0 },
          }),
        );
        return sha;
      } catch (error) {
        last = failureOf(error, this.fullName);
        if (
          last!.kind === 'rejected' &&
          /reference already exists/i.test(last!.message)
        ) {
          const existing = await this.getBranch(branch);
          if (existing) return existing;
          continue;
        }
        if (last!.kind !== 'ambiguous') throw toError(last!, step);
        const existing = await this.getBranch(branch);
        if (existing) return existing;
      }
    }
    throw toError(last!, step);
  }

  /** Moves a stale branch (no open pull request) back to the base. */
  private async resetBranch(branch: string, sha: string): Promise<string> {
    const step = `reset branch ${branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        await this.call(step, () =>
          this.octokit.rest.git.updateRef({
            owner: this.owner,
            repo: this.repo,
            ref: `heads/${branch}`,
            sha,
            force: true,
            request: { retries: 0 },
          }),
        );
        return sha;
      } catch (error) {
        last = failureOf(error, this.fullName);
        if (last!.kind !== 'ambiguous') throw toError(last!, step);
        if ((await this.getBranch(branch)) === sha) return sha;
      }
    }
    throw toError(last!, step);
  }

  private async getBranch(branch: string): Promise<string | undefined> {
    try {
      const response = await this.call(`read branch ${branch}`, () =>
        this.octokit.rest.git.getRef({
          owner: this.owner,
          repo: this.repo,
          ref: `heads/${branch}`,
        }),
      );
      return response.data.object.sha;
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return undefined;
      throw toError(failureOf(error, this.fullName), `read branch ${branch}`);
    }
  }

  /** createCommitOnBranch with expectedHeadOid: never a force push. */
  private async commit(
    change: ChangeSet,
    parent: string,
    changed: WantedFile[],
    all: WantedFile[],
  ): Promise<string> {
    const step = `commit to ${change.branch}`;
    const [headline, ...rest] = change.commitMessage.split('\n');
    const body = rest.join('\n').trim();
    let expected = parent;
    let files = changed;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const expectedHeadOid = expected;
      const additions = files.map(f => ({
        path: f.path,
        contents: Buffer.from(f.content, 'utf8').toString('base64'),
      }));
      try {
        const data = await this.call(step, () =>
          this.octokit.graphql<CommitData>(
            `mutation GitopsCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`,
            {
              input: {
                branch: {
                  repositoryNameWithOwner: this.fullName,
                  branchName: change.branch,
                },
                expectedHeadOid,
                message: body ? { headline, body } : { headline },
                fileChanges: { additions },
              },
              request: { retries: 0 },
            },
          ),
        );
        return data.createCommitOnBranch.commit.oid;
      } catch (error) {
        last = failureOf(error, this.fullName);
        if (last!.kind !== 'ambiguous' && last!.kind !== 'stale')
          throw toError(last!, step);
        // Applied or not? Read the branch before trying again.
        const now = await this.readBranch(
          change.branch,
          all.map(f => f.path),
        );
        if (!now.headOid) throw new Error(`${step}: the branch disappeared`);
        const missing = all.filter(f => now.blobs.get(f.path) !== f.sha);
        if (now.headOid !== expected && missing.length === 0)
          return now.headOid;
        if (now.headOid !== expected) {
          this.options.logger.warn(
            `${step}: the branch moved to ${now.headOid}, committing on top of it`,
          );
          expected = now.headOid;
          files = missing;
        }
      }
    }
    throw toError(last!, step);
  }

  private async createPullRequest(
    change: ChangeSet,
    body: string,
  ): Promise<{ pr: OpenPr; created: boolean }> {
    const step = `open pull request for ${change.branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        const response = await this.call(step, () =>
          this.octokit.rest.pulls.create({
            owner: this.owner,
            repo: this.repo,
            title: change.title,
            body,
            head: change.branch,
            base: this.baseBranch,
            request: { retries: 0 },
          }),
        );
        return {
          pr: { number: response.data.number, url: response.data.html_url },
          created: true,
        };
      } catch (error) {
        last = failureOf(error, this.fullName);
        const exists =
          last!.kind === 'rejected' &&
          /pull request already exists/i.test(last!.message);
        if (!exists && last!.kind !== 'ambiguous') throw toError(last!, step);
        const found = await this.findPullRequest(change.branch);
        if (found) return { pr: found, created: !exists };
      }
    }
    throw toError(last!, step);
  }

  private async findPullRequest(branch: string): Promise<OpenPr | undefined> {
    try {
      const response = await this.call('find pull request', () =>
        this.octokit.rest.pulls.list({
          owner: this.owner,
          repo: this.repo,
          head: `${this.owner}:${branch}`,
          base: this.baseBranch,
          state: 'open',
        }),
      );
      const pr = response.data[0];
      return pr ? { number: pr.number, url: pr.html_url } : undefined;
    } catch (error) {
      throw toError(failureOf(error, this.fullName), 'find pull request');
    }
  }

  /** Labels and reviewers: extra calls only when configured; a failure only warns. */
  private async decorate(number: number, change: ChangeSet) {
    if (change.labels.length > 0) {
      try {
        await this.call('add labels', () =>
          this.octokit.rest.issues.addLabels({
            owner: this.owner,
            repo: this.repo,
            issue_number: number,
            labels: change.labels,
          }),
        );
      } catch (error) {
        this.options.logger.warn(
          `Could not label pull request #${number}: ${
            hasFailure(error) ? error.failure.message : error
          }`,
        );
      }
    }
    if (change.reviewers.length > 0) {
      const teams = change.reviewers
        .filter(r => r.includes('/'))
        .map(r => r.split('/').pop()!);
      const users = change.reviewers.filter(r => !r.includes('/'));
      try {
        await this.call('request reviewers', () =>
          this.octokit.rest.pulls.requestReviewers({
            owner: this.owner,
            repo: this.repo,
            pull_number: number,
            reviewers: users,
            team_reviewers: teams,
          }),
        );
      } catch (error) {
        this.options.logger.warn(
          `Could not request reviewers on pull request #${number}: ${
            hasFailure(error) ? error.failure.message : error
          }`,
        );
      }
    }
  }
}

function prState(pr: {
  state?: unknown;
  merged?: unknown;
}): PullRequestRef['state'] {
  if (pr.merged || pr.state === 'MERGED') return 'merged';
  if (pr.state === 'CLOSED') return 'closed';
  return 'open';
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function dedupe(files: ChangeSet['files']): WantedFile[] {
  const byPath = new Map<string, string>();
  for (const f of files) byPath.set(f.path.replace(/^\/+/, ''), f.content);
  return [...byPath].map(([p, content]) => ({
    path: p,
    content,
    sha: gitBlobSha(content),
  }));
}
