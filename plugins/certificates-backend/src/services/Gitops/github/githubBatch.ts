import { PullRequestRef } from '@internal/plugin-certificates-common';
import { PullRequestJob, PullRequestJobResult } from '../batchTypes';
import { GitopsConfigurationError } from '../types';
import { AliasedMutation } from './batchDocuments';
import { runInGroups } from './batchMutations';
import { BatchOpenPr, BatchState, readBatchState } from './batchState';
import { failureOf, Failure, isObject, prop, toError } from './errors';
import { GitHubConnection } from './githubConnection';
import { GitHubReads } from './githubReads';
import { BatchTuning } from './batchTuning';
import { wantedFiles, WantedFile } from './wantedFiles';

type Job = PullRequestJob & { index: number; files: WantedFile[] };
/** A job's branch after the read: what it still needs. */
type Plan =
  | { job: Job; step: 'branch'; createRef: boolean }
  | { job: Job; step: 'pr' }
  | { job: Job; step: 'done'; pr: BatchOpenPr }
  | { job: Job; step: 'single' };

/**
 * Opens many pull requests with few calls: one read for all of them
 * (GitopsBatchState), then aliased mutation documents: branch + commit,
 * pull requests, labels + reviewers. Each round starts by reading, so a
 * write that was applied but not answered (or a crash) is never repeated
 * blindly; a branch in an unexpected state goes through the one-at-a-time
 * path, which knows how to reset it.
 */
export class GitHubBatch {
  private readonly perCall: number;
  private readonly bytesPerCall: number;
  private readonly maxRounds: number;

  constructor(
    private readonly gh: GitHubConnection,
    private readonly reads: GitHubReads,
    private readonly single: (job: PullRequestJob) => Promise<PullRequestRef>,
    tuning: BatchTuning = {},
  ) {
    this.perCall = Math.max(2, tuning.mutationsPerCall ?? 10);
    this.bytesPerCall = tuning.bytesPerCall ?? 4_000_000;
    this.maxRounds = tuning.maxRounds ?? 3;
  }

  /** One step's document name and this batch's size limits, for runInGroups. */
  private limits(step: string, operation: string) {
    return {
      step,
      operation,
      perCall: this.perCall,
      bytesPerCall: this.bytesPerCall,
    };
  }

  async publish(jobs: PullRequestJob[]): Promise<PullRequestJobResult[]> {
    const results: PullRequestJobResult[] = new Array(jobs.length);
    const lastError = new Map<number, Error>();
    let pending: Job[] = jobs.map((job, index) => ({
      ...job,
      progress: { ...job.progress },
      index,
      files: wantedFiles(job.change.files),
    }));
    for (let round = 0; round < this.maxRounds && pending.length > 0; round++) {
      try {
        pending = await this.round(pending, results, lastError);
      } catch (error) {
        // The read (or saving progress) failed: the jobs not done yet wait for the resume task.
        const e = error instanceof Error ? error : new Error(String(error));
        for (const job of pending)
          results[job.index] ??= { ok: false, error: e };
        return results;
      }
    }
    for (const job of pending)
      results[job.index] = {
        ok: false,
        error: lastError.get(job.index) ?? new Error('not published yet'),
      };
    return results;
  }

  /** Reads, plans and writes once; returns the jobs to try again after a fresh read. */
  private async round(
    jobs: Job[],
    results: PullRequestJobResult[],
    lastError: Map<number, Error>,
  ): Promise<Job[]> {
    const change0 = jobs[0].change;
    const state = await readBatchState(this.gh, {
      branches: jobs.map(j => j.change.branch),
      labels: change0.labels,
      users: change0.reviewers.filter(r => !r.includes('/')),
      teams: change0.reviewers
        .filter(r => r.includes('/'))
        .map(r => r.split('/').pop()!),
      paths: [...new Set(jobs.flatMap(j => j.files.map(f => f.path)))],
    });
    const again: Job[] = [];
    const fail = (job: Job, failure: Failure, step: string) => {
      const error = toError(failure, step);
      if (error instanceof GitopsConfigurationError)
        results[job.index] = { ok: false, error };
      else {
        lastError.set(job.index, error);
        again.push(job);
      }
    };
    const plans = await Promise.all(
      jobs.map((job, i) => this.adopt(plan(job, i, state), state.heads[i])),
    );
    const opened: Array<{ job: Job; pr: BatchOpenPr }> = [];
    for (const p of plans) {
      if (p.step !== 'done') continue;
      await this.record(p.job, p.pr, results);
      // Found after a crash before its labels: decorate it now.
      if (change0.labels.some(l => !p.pr.labels.includes(l)))
        opened.push({ job: p.job, pr: p.pr });
    }
    for (const p of plans.filter(x => x.step === 'single')) {
      try {
        const pullRequest = await this.single(p.job);
        results[p.job.index] = { ok: true, pullRequest };
      } catch (error) {
        fail(p.job, failureOf(error, this.gh.fullName), 'publish');
      }
    }
    const branched = await this.writeBranches(
      plans.filter(
        (p): p is Extract<Plan, { step: 'branch' }> => p.step === 'branch',
      ),
      state,
      fail,
    );
    const toOpen = [
      ...plans.filter(p => p.step === 'pr').map(p => p.job),
      ...branched,
    ];
    opened.push(...(await this.openPullRequests(toOpen, state, results, fail)));
    await this.decorate(opened, state);
    return again;
  }

  /**
   * A branch ahead of the base that is not the commit we recorded: when it
   * holds exactly the wanted files (our commit whose answer was lost), it
   * only needs its pull request. Costs one read of that branch.
   */
  private async adopt(p: Plan, head: string | undefined): Promise<Plan> {
    if (p.step !== 'single' || !head) return p;
    const now = await this.reads.readBranch(
      p.job.change.branch,
      p.job.files.map(f => f.path),
    );
    if (now.headOid !== head) return p;
    if (p.job.files.some(f => now.blobs.get(f.path) !== f.sha)) return p;
    p.job.progress = { branch: p.job.change.branch, commitSha: head };
    await p.job.saveProgress(p.job.progress);
    return { job: p.job, step: 'pr' };
  }

  private async record(
    job: Job,
    pr: BatchOpenPr,
    results: PullRequestJobResult[],
  ) {
    const pullRequest: PullRequestRef = {
      url: pr.url,
      number: pr.number,
      branch: job.change.branch,
      state: 'open',
    };
    if (job.progress.pullRequest?.number !== pr.number) {
      job.progress = {
        ...job.progress,
        branch: job.change.branch,
        pullRequest,
      };
      await job.saveProgress(job.progress);
    }
    results[job.index] = { ok: true, pullRequest };
  }

  /** createRef (when missing) and createCommitOnBranch, several branches per document. */
  private async writeBranches(
    plans: Array<Extract<Plan, { step: 'branch' }>>,
    state: BatchState,
    fail: (job: Job, failure: Failure, step: string) => void,
  ): Promise<Job[]> {
    const committed: Job[] = [];
    const items = plans.map((p, k) => {
      const changed = p.job.files.filter(
        f => state.baseBlobs.get(f.path) !== f.sha,
      );
      const mutations: AliasedMutation[] = [];
      if (p.createRef)
        mutations.push({
          alias: `ref${k}`,
          field: 'createRef',
          input: {
            repositoryId: state.repositoryId,
            name: `refs/heads/${p.job.change.branch}`,
            oid: state.baseOid,
          },
        });
      mutations.push({
        alias: `commit${k}`,
        field: 'createCommitOnBranch',
        input: commitInput(this.gh.fullName, p.job, state.baseOid, changed),
      });
      const bytes = changed.reduce(
        (n, f) => n + Math.ceil(f.content.length * 1.4),
        0,
      );
      return { job: p.job, k, mutations, bytes };
    });
    await runInGroups(
      this.gh,
      this.limits('commit batch', 'GitopsBatchBranches'),
      items,
      async (group, answers) => {
        for (const { job, k } of group) {
          const commit = answers(`commit${k}`);
          const oid = prop(prop(commit.data, 'commit'), 'oid');
          if (typeof oid === 'string') {
            job.progress = { branch: job.change.branch, commitSha: oid };
            await job.saveProgress(job.progress);
            committed.push(job);
          } else
            fail(
              job,
              commit.failure ?? answers(`ref${k}`).failure ?? unknown(),
              `commit to ${job.change.branch}`,
            );
        }
      },
    );
    return committed;
  }

  private async openPullRequests(
    jobs: Job[],
    state: BatchState,
    results: PullRequestJobResult[],
    fail: (job: Job, failure: Failure, step: string) => void,
  ): Promise<Array<{ job: Job; pr: BatchOpenPr }>> {
    const opened: Array<{ job: Job; pr: BatchOpenPr }> = [];
    const items = jobs.map((job, k) => ({
      job,
      k,
      bytes: 0,
      mutations: [
        {
          alias: `pr${k}`,
          field: 'createPullRequest',
          input: {
            repositoryId: state.repositoryId,
            baseRefName: this.gh.baseBranch,
            headRefName: job.change.branch,
            title: job.change.title,
            body: job.change.body(
              job.files
                .filter(f => state.baseBlobs.get(f.path) !== f.sha)
                .map(f => f.path),
            ),
          },
        } satisfies AliasedMutation,
      ],
    }));
    await runInGroups(
      this.gh,
      this.limits('open pull requests', 'GitopsBatchPullRequests'),
      items,
      async (group, answers) => {
        for (const { job, k } of group) {
          const answer = answers(`pr${k}`);
          const pr = prop(answer.data, 'pullRequest');
          if (isObject(pr) && typeof pr.number === 'number') {
            const created = {
              id: String(pr.id),
              number: pr.number,
              url: String(pr.url),
              labels: [],
            };
            await this.record(job, created, results);
            opened.push({ job, pr: created });
          } else
            fail(
              job,
              answer.failure ?? unknown(),
              `open pull request for ${job.change.branch}`,
            );
        }
      },
    );
    return opened;
  }

  /** Labels and reviewers: aliased in as few documents as possible; a failure only warns. */
  private async decorate(
    opened: Array<{ job: Job; pr: BatchOpenPr }>,
    state: BatchState,
  ) {
    const items = opened
      .map(({ pr }, k) => {
        const mutations: AliasedMutation[] = [];
        if (state.labelIds.length > 0)
          mutations.push({
            alias: `label${k}`,
            field: 'addLabelsToLabelable',
            input: { labelableId: pr.id, labelIds: state.labelIds },
          });
        if (state.userIds.length + state.teamIds.length > 0)
          mutations.push({
            alias: `review${k}`,
            field: 'requestReviews',
            input: {
              pullRequestId: pr.id,
              userIds: state.userIds,
              teamIds: state.teamIds,
              union: true,
            },
          });
        return { pr, k, mutations, bytes: 0 };
      })
      .filter(i => i.mutations.length > 0);
    await runInGroups(
      this.gh,
      {
        ...this.limits('decorate pull requests', 'GitopsBatchDecorate'),
        onGroupError: (group, error) =>
          this.gh.logger.warn(
            `Could not label or request reviewers on ${
              group.length
            } pull requests: ${failureOf(error, this.gh.fullName).message}`,
          ),
      },
      items,
      (group, answers) => {
        for (const { pr, k } of group) {
          const failure =
            answers(`label${k}`).failure ?? answers(`review${k}`).failure;
          if (failure)
            this.gh.logger.warn(
              `Could not label or request reviewers on pull request #${pr.number}: ${failure.message}`,
            );
        }
      },
    );
  }
}

function unknown(): Failure {
  return { kind: 'ambiguous', message: 'GitHub gave no answer for it' };
}

/** What a job's branch needs, from the read. */
function plan(job: Job, i: number, state: BatchState): Plan {
  const head = state.heads[i];
  const pr = state.openPrs[i];
  if (pr) return { job, step: 'done', pr };
  if (!head) return { job, step: 'branch', createRef: true };
  if (head === state.baseOid) return { job, step: 'branch', createRef: false };
  if (head === job.progress.commitSha) return { job, step: 'pr' };
  // Committed before a crash that lost the answer, or someone else's push: the careful path.
  return { job, step: 'single' };
}

function commitInput(
  fullName: string,
  job: Job,
  parent: string,
  changed: WantedFile[],
) {
  const [headline, ...rest] = job.change.commitMessage.split('\n');
  const body = rest.join('\n').trim();
  return {
    branch: {
      repositoryNameWithOwner: fullName,
      branchName: job.change.branch,
    },
    expectedHeadOid: parent,
    message: body ? { headline, body } : { headline },
    fileChanges: {
      additions: changed.map(f => ({
        path: f.path,
        contents: Buffer.from(f.content, 'utf8').toString('base64'),
      })),
    },
  };
}
