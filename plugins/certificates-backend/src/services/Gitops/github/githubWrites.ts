import { ChangeSet } from '../types';
import { Failure, failureOf, hasFailure, toError } from './errors';
import { GitHubConnection } from './githubConnection';
import { GitHubReads, OpenPr } from './githubReads';
import { WantedFile } from './wantedFiles';

/** Attempts of one write step (after reading whether the previous one was applied). */
const WRITE_ATTEMPTS = 3;

/** What a failed write turned out to be, once the state was read. */
type Settled<T> = { done: T } | 'retry' | 'fail';

type CommitData = {
  createCommitOnBranch: { commit: { oid: string; url: string } };
};

/**
 * The writes of a pull request, one call each when GitHub answers. Writes
 * are never retried blindly: after a timeout or 5xx (or a conflict) the
 * state is read first, and a write already applied counts as done.
 */
export class GitHubWrites {
  constructor(
    private readonly gh: GitHubConnection,
    private readonly reads: GitHubReads,
  ) {}

  /**
   * The one loop every write goes through: sends it up to WRITE_ATTEMPTS
   * times; after a failure `settle` reads what it must and says whether
   * the write took effect after all (`{ done }`), is worth sending again
   * (`retry`), or failed for good (`fail`, thrown with `step`).
   */
  private async converge<T>(
    step: string,
    write: () => Promise<T>,
    settle: (failure: Failure) => Promise<Settled<T>>,
  ): Promise<T> {
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        return await this.gh.call(step, write);
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        const next = await settle(last);
        if (next === 'fail') throw toError(last, step);
        if (next !== 'retry') return next.done;
      }
    }
    throw toError(last!, step);
  }

  /** POST /git/refs; 422 "Reference already exists" and applied-but-unanswered creations converge. */
  createBranch(branch: string, sha: string): Promise<string> {
    return this.setBranch(branch, sha, 'create');
  }

  /** Moves a stale branch (no open pull request) back to the base. */
  resetBranch(branch: string, sha: string): Promise<string> {
    return this.setBranch(branch, sha, 'reset');
  }

  /** Points `branch` at `sha`: a new ref, or a forced update of a stale one; answers where it points. */
  private setBranch(branch: string, sha: string, how: 'create' | 'reset') {
    const request = { retries: 0 };
    return this.converge(
      `${how} branch ${branch}`,
      async () => {
        if (how === 'create')
          await this.gh.octokit.rest.git.createRef({
            ...this.repo(),
            ref: `refs/heads/${branch}`,
            sha,
            request,
          });
        else
          await this.gh.octokit.rest.git.updateRef({
            ...this.repo(),
            ref: `heads/${branch}`,
            sha,
            force: true,
            request,
          });
        return sha;
      },
      async failure => {
        // Created meanwhile (by us, unanswered, or a twin): the branch is there.
        const exists =
          how === 'create' &&
          failure.kind === 'rejected' &&
          /reference already exists/i.test(failure.message);
        if (!exists && failure.kind !== 'ambiguous') return 'fail';
        const now = await this.reads.getBranch(branch);
        if (how === 'create') return now ? { done: now } : 'retry';
        return now === sha ? { done: sha } : 'retry';
      },
    );
  }

  /** createCommitOnBranch with expectedHeadOid: never a force push. */
  commit(
    change: ChangeSet,
    parent: string,
    changed: WantedFile[],
    all: WantedFile[],
    deleted: string[] = [],
  ): Promise<string> {
    const step = `commit to ${change.branch}`;
    const [headline, ...rest] = change.commitMessage.split('\n');
    const body = rest.join('\n').trim();
    // What the next attempt commits on and changes: after a push meanwhile, only what is still missing.
    let expected = parent;
    let files = changed;
    let deletions = deleted;
    return this.converge(
      step,
      async () => {
        const additions = files.map(f => ({
          path: f.path,
          contents: Buffer.from(f.content, 'utf8').toString('base64'),
        }));
        const data = await this.gh.octokit.graphql<CommitData>(
          `mutation GitopsCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`,
          {
            input: {
              branch: {
                repositoryNameWithOwner: this.gh.fullName,
                branchName: change.branch,
              },
              expectedHeadOid: expected,
              message: body ? { headline, body } : { headline },
              fileChanges: deletions.length
                ? { additions, deletions: deletions.map(path => ({ path })) }
                : { additions },
            },
            request: { retries: 0 },
          },
        );
        return data.createCommitOnBranch.commit.oid;
      },
      async failure => {
        if (failure.kind !== 'ambiguous' && failure.kind !== 'stale')
          return 'fail';
        // Applied or not? Read the branch before trying again.
        const now = await this.reads.readBranch(change.branch, [
          ...all.map(f => f.path),
          ...deleted,
        ]);
        if (!now.headOid) throw new Error(`${step}: the branch disappeared`);
        const missing = all.filter(f => now.blobs.get(f.path) !== f.sha);
        const present = deleted.filter(p => now.blobs.get(p) !== undefined);
        if (now.headOid === expected) return 'retry';
        if (missing.length === 0 && present.length === 0)
          return { done: now.headOid };
        this.gh.logger.warn(
          `${step}: the branch moved to ${now.headOid}, committing on top of it`,
        );
        expected = now.headOid;
        files = missing;
        deletions = present;
        return 'retry';
      },
    );
  }

  createPullRequest(
    change: ChangeSet,
    body: string,
  ): Promise<{ pr: OpenPr; created: boolean }> {
    return this.converge<{ pr: OpenPr; created: boolean }>(
      `open pull request for ${change.branch}`,
      async () => {
        const response = await this.gh.octokit.rest.pulls.create({
          ...this.repo(),
          title: change.title,
          body,
          head: change.branch,
          base: this.gh.baseBranch,
          request: { retries: 0 },
        });
        return {
          pr: { number: response.data.number, url: response.data.html_url },
          created: true,
        };
      },
      async failure => {
        const exists =
          failure.kind === 'rejected' &&
          /pull request already exists/i.test(failure.message);
        if (!exists && failure.kind !== 'ambiguous') return 'fail';
        const found = await this.reads.findPullRequest(change.branch);
        return found ? { done: { pr: found, created: !exists } } : 'retry';
      },
    );
  }

  /** PATCH /pulls/:n with the new title and body; the same PATCH twice is harmless, so it is retried. */
  async updatePullRequest(number: number, title: string, body: string) {
    await this.patchPullRequest(`update pull request #${number}`, number, {
      title,
      body,
    });
  }

  /** PATCH /pulls/:n state closed; closing a closed pull request is harmless, so it is retried. */
  async closePullRequest(number: number) {
    await this.patchPullRequest(`close pull request #${number}`, number, {
      state: 'closed',
    });
  }

  private async patchPullRequest(
    step: string,
    number: number,
    fields: { title?: string; body?: string; state?: 'closed' },
  ) {
    await this.converge(
      step,
      () =>
        this.gh.octokit.rest.pulls.update({
          ...this.repo(),
          pull_number: number,
          ...fields,
          request: { retries: 0 },
        }),
      async failure => (failure.kind === 'ambiguous' ? 'retry' : 'fail'),
    );
  }

  /** DELETE /git/refs/heads/<branch>; a branch already gone counts as deleted. */
  async deleteBranch(branch: string) {
    await this.converge(
      `delete branch ${branch}`,
      async () => {
        await this.gh.octokit.rest.git.deleteRef({
          ...this.repo(),
          ref: `heads/${branch}`,
          request: { retries: 0 },
        });
      },
      async failure => {
        if (
          failure.kind === 'rejected' &&
          /reference does not exist/i.test(failure.message)
        )
          return { done: undefined };
        if (failure.kind !== 'ambiguous') return 'fail';
        return (await this.reads.getBranch(branch)) === undefined
          ? { done: undefined }
          : 'retry';
      },
    );
  }

  private repo() {
    return { owner: this.gh.owner, repo: this.gh.repo };
  }

  /** Labels and reviewers: extra calls only when configured; a failure only warns. */
  async decorate(number: number, change: ChangeSet) {
    if (change.labels.length > 0) {
      try {
        await this.gh.call('add labels', () =>
          this.gh.octokit.rest.issues.addLabels({
            ...this.repo(),
            issue_number: number,
            labels: change.labels,
          }),
        );
      } catch (error) {
        this.gh.logger.warn(
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
        await this.gh.call('request reviewers', () =>
          this.gh.octokit.rest.pulls.requestReviewers({
            ...this.repo(),
            pull_number: number,
            reviewers: users,
            team_reviewers: teams,
          }),
        );
      } catch (error) {
        this.gh.logger.warn(
          `Could not request reviewers on pull request #${number}: ${
            hasFailure(error) ? error.failure.message : error
          }`,
        );
      }
    }
  }
}
