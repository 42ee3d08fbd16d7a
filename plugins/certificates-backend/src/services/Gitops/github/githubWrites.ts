import { ChangeSet } from '../types';
import { Failure, failureOf, hasFailure, toError } from './errors';
import { GitHubConnection } from './githubConnection';
import { GitHubReads, OpenPr } from './githubReads';
import { WantedFile } from './wantedFiles';

/** Attempts of one write step (after reading whether the previous one was applied). */
const WRITE_ATTEMPTS = 3;

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

  /** POST /git/refs; 422 "Reference already exists" and applied-but-unanswered creations converge. */
  async createBranch(branch: string, sha: string): Promise<string> {
    const step = `create branch ${branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        await this.gh.call(step, () =>
          this.gh.octokit.rest.git.createRef({
            owner: this.gh.owner,
            repo: this.gh.repo,
            ref: `refs/heads/${branch}`,
            sha,
            request: { retries: 0 },
          }),
        );
        return sha;
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        if (
          last!.kind === 'rejected' &&
          /reference already exists/i.test(last!.message)
        ) {
          const existing = await this.reads.getBranch(branch);
          if (existing) return existing;
          continue;
        }
        if (last!.kind !== 'ambiguous') throw toError(last!, step);
        const existing = await this.reads.getBranch(branch);
        if (existing) return existing;
      }
    }
    throw toError(last!, step);
  }

  /** Moves a stale branch (no open pull request) back to the base. */
  async resetBranch(branch: string, sha: string): Promise<string> {
    const step = `reset branch ${branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        await this.gh.call(step, () =>
          this.gh.octokit.rest.git.updateRef({
            owner: this.gh.owner,
            repo: this.gh.repo,
            ref: `heads/${branch}`,
            sha,
            force: true,
            request: { retries: 0 },
          }),
        );
        return sha;
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        if (last!.kind !== 'ambiguous') throw toError(last!, step);
        if ((await this.reads.getBranch(branch)) === sha) return sha;
      }
    }
    throw toError(last!, step);
  }

  /** createCommitOnBranch with expectedHeadOid: never a force push. */
  async commit(
    change: ChangeSet,
    parent: string,
    changed: WantedFile[],
    all: WantedFile[],
    deleted: string[] = [],
  ): Promise<string> {
    const step = `commit to ${change.branch}`;
    const [headline, ...rest] = change.commitMessage.split('\n');
    const body = rest.join('\n').trim();
    let expected = parent;
    let files = changed;
    let deletions = deleted;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const expectedHeadOid = expected;
      const removed = deletions;
      const additions = files.map(f => ({
        path: f.path,
        contents: Buffer.from(f.content, 'utf8').toString('base64'),
      }));
      try {
        const data = await this.gh.call(step, () =>
          this.gh.octokit.graphql<CommitData>(
            `mutation GitopsCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`,
            {
              input: {
                branch: {
                  repositoryNameWithOwner: this.gh.fullName,
                  branchName: change.branch,
                },
                expectedHeadOid,
                message: body ? { headline, body } : { headline },
                fileChanges: removed.length
                  ? { additions, deletions: removed.map(path => ({ path })) }
                  : { additions },
              },
              request: { retries: 0 },
            },
          ),
        );
        return data.createCommitOnBranch.commit.oid;
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        if (last!.kind !== 'ambiguous' && last!.kind !== 'stale')
          throw toError(last!, step);
        // Applied or not? Read the branch before trying again.
        const now = await this.reads.readBranch(change.branch, [
          ...all.map(f => f.path),
          ...deleted,
        ]);
        if (!now.headOid) throw new Error(`${step}: the branch disappeared`);
        const missing = all.filter(f => now.blobs.get(f.path) !== f.sha);
        const present = deleted.filter(p => now.blobs.get(p) !== undefined);
        if (
          now.headOid !== expected &&
          missing.length === 0 &&
          present.length === 0
        )
          return now.headOid;
        if (now.headOid !== expected) {
          this.gh.logger.warn(
            `${step}: the branch moved to ${now.headOid}, committing on top of it`,
          );
          expected = now.headOid;
          files = missing;
          deletions = present;
        }
      }
    }
    throw toError(last!, step);
  }

  async createPullRequest(
    change: ChangeSet,
    body: string,
  ): Promise<{ pr: OpenPr; created: boolean }> {
    const step = `open pull request for ${change.branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        const response = await this.gh.call(step, () =>
          this.gh.octokit.rest.pulls.create({
            owner: this.gh.owner,
            repo: this.gh.repo,
            title: change.title,
            body,
            head: change.branch,
            base: this.gh.baseBranch,
            request: { retries: 0 },
          }),
        );
        return {
          pr: { number: response.data.number, url: response.data.html_url },
          created: true,
        };
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        const exists =
          last!.kind === 'rejected' &&
          /pull request already exists/i.test(last!.message);
        if (!exists && last!.kind !== 'ambiguous') throw toError(last!, step);
        const found = await this.reads.findPullRequest(change.branch);
        if (found) return { pr: found, created: !exists };
      }
    }
    throw toError(last!, step);
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
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        await this.gh.call(step, () =>
          this.gh.octokit.rest.pulls.update({
            owner: this.gh.owner,
            repo: this.gh.repo,
            pull_number: number,
            ...fields,
            request: { retries: 0 },
          }),
        );
        return;
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        if (last!.kind !== 'ambiguous') throw toError(last!, step);
      }
    }
    throw toError(last!, step);
  }

  /** DELETE /git/refs/heads/<branch>; a branch already gone counts as deleted. */
  async deleteBranch(branch: string) {
    const step = `delete branch ${branch}`;
    let last: Failure | undefined;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      try {
        await this.gh.call(step, () =>
          this.gh.octokit.rest.git.deleteRef({
            owner: this.gh.owner,
            repo: this.gh.repo,
            ref: `heads/${branch}`,
            request: { retries: 0 },
          }),
        );
        return;
      } catch (error) {
        last = failureOf(error, this.gh.fullName);
        if (
          last!.kind === 'rejected' &&
          /reference does not exist/i.test(last!.message)
        )
          return;
        if (last!.kind !== 'ambiguous') throw toError(last!, step);
        if ((await this.reads.getBranch(branch)) === undefined) return;
      }
    }
    throw toError(last!, step);
  }

  /** Labels and reviewers: extra calls only when configured; a failure only warns. */
  async decorate(number: number, change: ChangeSet) {
    if (change.labels.length > 0) {
      try {
        await this.gh.call('add labels', () =>
          this.gh.octokit.rest.issues.addLabels({
            owner: this.gh.owner,
            repo: this.gh.repo,
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
            owner: this.gh.owner,
            repo: this.gh.repo,
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
