import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { PullRequestRef } from '@internal/plugin-certificates-common';
import { PublishProgress } from '../../RequestStore';
import { ChangeSet, GitopsConfigurationError, GitopsTarget } from '../types';
import {
  BatchGitopsTarget,
  PullRequestJob,
  PullRequestJobResult,
} from '../batchTypes';
import { GitHubBatch } from './githubBatch';
import { GitHubBaseFiles } from './githubBaseFiles';
import { GithubClientTuning } from './githubClient';
import { GitHubConnection, GitHubTargetOptions } from './githubConnection';
import { GitHubReads, OpenPr } from './githubReads';
import { GitHubWrites } from './githubWrites';
import { wantedFiles } from './wantedFiles';

export type { GitHubTargetOptions } from './githubConnection';
export { gitBlobSha } from './wantedFiles';

/**
 * Pull requests on GitHub. A new pull request costs at most four calls,
 * whatever the number of files: one GraphQL read (base head, branch head,
 * open pull request and the blob ids of every path), the branch ref, one
 * `createCommitOnBranch` and the pull request. Unchanged files are left
 * out by comparing git blob ids computed locally. Writes are never
 * retried blindly: after a timeout or 5xx the state is read first.
 *
 * This class decides which calls a request needs; the calls themselves
 * are in {@link GitHubReads}, {@link GitHubBaseFiles} and {@link GitHubWrites}.
 */
export class GitHubTarget implements GitopsTarget, BatchGitopsTarget {
  readonly kind = 'github' as const;
  readonly owner: string;
  readonly repo: string;
  private readonly reads: GitHubReads;
  private readonly baseFiles: GitHubBaseFiles;
  private readonly writes: GitHubWrites;
  private readonly batch: GitHubBatch;

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

  constructor(options: GitHubTargetOptions) {
    const connection = new GitHubConnection(options);
    this.owner = connection.owner;
    this.repo = connection.repo;
    this.reads = new GitHubReads(connection);
    this.baseFiles = new GitHubBaseFiles(connection);
    this.writes = new GitHubWrites(connection, this.reads);
    this.batch = new GitHubBatch(
      connection,
      this.reads,
      job => this.openPullRequest(job.change, job.progress, job.saveProgress),
      options.batch,
    );
  }

  /**
   * Many pull requests (e.g. one per team of a bulk request) in few calls:
   * one read for all, then aliased mutations; see {@link GitHubBatch}.
   */
  openPullRequests(jobs: PullRequestJob[]): Promise<PullRequestJobResult[]> {
    return this.batch.publish(jobs);
  }

  readBaseFile(path: string): Promise<string | undefined> {
    return this.baseFiles.readBaseFile(path);
  }

  /** Reads many files of the base branch in one GraphQL query (per 250 paths). */
  readBaseFiles(paths: string[]): Promise<Map<string, string | undefined>> {
    return this.baseFiles.readBaseFiles(paths);
  }

  pullRequestStates(
    prs: PullRequestRef[],
  ): Promise<Map<number, PullRequestRef['state']>> {
    return this.reads.pullRequestStates(prs);
  }

  async openPullRequest(
    change: ChangeSet,
    progress: PublishProgress,
    saveProgress: (progress: PublishProgress) => Promise<void>,
  ): Promise<PullRequestRef> {
    const files = wantedFiles(change.files);
    const deletions = [
      ...new Set((change.deletions ?? []).map(p => p.replace(/^\/+/, ''))),
    ];
    const paths = [...files.map(f => f.path), ...deletions];
    const state = await this.reads.readState(change.branch, paths);
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
      parent = await this.writes.resetBranch(change.branch, state.baseOid);
      compare = parent === state.baseOid ? state.baseBlobs : undefined;
      fresh = true;
      await save({ branch: change.branch });
    } else {
      parent = await this.writes.createBranch(change.branch, state.baseOid);
      compare = parent === state.baseOid ? state.baseBlobs : undefined;
      fresh = true;
      await save({ branch: change.branch });
    }

    if (!compare && deletions.length > 0) {
      // GitHub refuses to delete a path the branch lacks: read what it holds.
      compare = (await this.reads.readBranch(change.branch, paths)).blobs;
    }
    const changed = files.filter(
      f => !compare || compare.get(f.path) !== f.sha,
    );
    const deleted = deletions.filter(p => compare!.get(p) !== undefined);
    let head = parent;
    if (changed.length > 0 || deleted.length > 0 || (fresh && !state.openPr)) {
      // A fresh branch always gets a commit, even an empty one, so that the pull request has one.
      head = await this.writes.commit(change, parent, changed, files, deleted);
    }
    if (current.branch !== change.branch || current.commitSha !== head) {
      await save({ ...current, branch: change.branch, commitSha: head });
    }

    const differing = [
      ...files
        .filter(f => state.baseBlobs.get(f.path) !== f.sha)
        .map(f => f.path),
      ...deletions.filter(p => state.baseBlobs.get(p) !== undefined),
    ];
    if (state.openPr) {
      const ref = this.ref(state.openPr, change.branch);
      if (current.pullRequest?.number !== ref.number)
        await save({ ...current, pullRequest: ref });
      // A changed request: the description follows (one PATCH, only when it differs).
      const body = change.body(differing, {
        approved: !!state.openPr.approved,
      });
      if (state.openPr.title !== change.title || state.openPr.body !== body)
        await this.writes.updatePullRequest(ref.number, change.title, body);
      return ref;
    }
    const created = await this.writes.createPullRequest(
      change,
      change.body(differing),
    );
    const ref = this.ref(created.pr, change.branch);
    await save({ ...current, pullRequest: ref });
    if (created.created) await this.writes.decorate(created.pr.number, change);
    return ref;
  }

  /** One read (the open pull request of the branch), then at most a PATCH and a DELETE. */
  async closePullRequest(branch: string): Promise<void> {
    const open = await this.reads.findPullRequest(branch);
    if (open) await this.writes.closePullRequest(open.number);
    await this.writes.deleteBranch(branch);
  }

  /** The stored reference of an open pull request on `branch`. */
  private ref(pr: OpenPr, branch: string): PullRequestRef {
    return { url: pr.url, number: pr.number, branch, state: 'open' };
  }
}
