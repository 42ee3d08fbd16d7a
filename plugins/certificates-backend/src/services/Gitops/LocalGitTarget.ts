import {
  localPullRequestPath,
  PullRequestFile,
  PullRequestRef,
} from '@internal/plugin-certificates-common';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PublishProgress } from '../RequestStore';
import { splitFileDiffs } from './localDiff';
import {
  ChangeSet,
  GitopsConfigurationError,
  MergeableGitopsTarget,
} from './types';

type LocalPullRequest = PullRequestRef & {
  title: string;
  body: string;
  mergeCommit?: string;
  /** Set by {@link LocalGitTarget.approve}, as a reviewer's approval on GitHub. */
  approved?: boolean;
};

const PR_FILE = 'certificates-pull-requests.json';

/**
 * A git repository on this machine standing in for GitHub: branches and
 * commits as on GitHub, pull requests kept in a JSON file inside `.git`.
 * Commits are written with plumbing commands, so the checked-out work
 * tree is never touched until a merge.
 */
export class LocalGitTarget implements MergeableGitopsTarget {
  readonly kind = 'local' as const;

  /** Serialises writers in this process: the pull request file is read, changed and written back. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly baseBranch: string,
    private readonly appBaseUrl: string,
  ) {}

  /** The base branch pull requests go into. */
  get base(): string {
    return this.baseBranch;
  }

  /**
   * A local pull request's page in the app: browsers refuse to open a
   * `file://` link from an http page, and there is no GitHub page to show.
   */
  private urlOf(number: number): string {
    return `${this.appBaseUrl.replace(/\/+$/, '')}${localPullRequestPath(
      number,
    )}`;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Opens the repository, creating it with a first commit when it does not exist yet. */
  static async create(options: {
    dir: string;
    baseBranch: string;
    /** `app.baseUrl` (default `http://localhost:3000`): pull request links point at the app's page. */
    appBaseUrl?: string;
  }): Promise<LocalGitTarget> {
    const target = new LocalGitTarget(
      path.resolve(options.dir),
      options.baseBranch,
      options.appBaseUrl ?? 'http://localhost:3000',
    );
    await target.ensureRepository();
    return target;
  }

  private git(
    args: string[],
    input?: string,
    env?: Record<string, string>,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        ['-C', this.dir, ...args],
        { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) reject(Object.assign(error, { stderr: String(stderr) }));
          else resolve(String(stdout).trim());
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  private async revParse(ref: string): Promise<string | undefined> {
    try {
      return await this.git([
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
    } catch {
      return undefined;
    }
  }

  private async ensureRepository() {
    await fs.mkdir(this.dir, { recursive: true });
    const isRepo = await this.git(['rev-parse', '--git-dir']).then(
      d => path.resolve(this.dir, d) === path.join(this.dir, '.git'),
      () => false,
    );
    if (!isRepo) await this.git(['init', '-q', '-b', this.baseBranch]);
    if (!(await this.revParse(`refs/heads/${this.baseBranch}`))) {
      await fs.writeFile(
        path.join(this.dir, 'README.md'),
        '# Platform GitOps repository\n\nArgo CD applies `platform/` and every `tenants/<team>/` folder.\n',
      );
      await this.git(['add', 'README.md']);
      await this.git(
        ['commit', '-q', '-m', 'Initial commit'],
        undefined,
        authorEnv({ name: 'Backstage', email: 'backstage@localhost' }),
      );
    }
  }

  async readBaseFile(file: string): Promise<string | undefined> {
    try {
      return await this.git([
        'show',
        `refs/heads/${this.baseBranch}:${file}`,
      ]).then(s => `${s}\n`);
    } catch {
      return undefined;
    }
  }

  openPullRequest(
    change: ChangeSet,
    progress: PublishProgress,
    saveProgress: (progress: PublishProgress) => Promise<void>,
  ): Promise<PullRequestRef> {
    return this.exclusive(() =>
      this.openPullRequestNow(change, progress, saveProgress),
    );
  }

  private async openPullRequestNow(
    change: ChangeSet,
    progress: PublishProgress,
    saveProgress: (progress: PublishProgress) => Promise<void>,
  ): Promise<PullRequestRef> {
    const base = await this.revParse(`refs/heads/${this.baseBranch}`);
    if (!base)
      throw new GitopsConfigurationError(
        `base branch ${this.baseBranch} does not exist in ${this.dir}`,
      );
    const head = await this.revParse(`refs/heads/${change.branch}`);
    const prs = await this.readPullRequests();
    const open = prs.find(
      p => p.branch === change.branch && p.state === 'open',
    );
    // A branch left over from a closed or merged pull request starts again from the base.
    const parent = head && open ? head : base;
    const tree = await this.writeTree(parent, change);
    const parentTree = await this.git(['rev-parse', `${parent}^{tree}`]);
    let commit = parent;
    if (tree !== parentTree || parent === base) {
      commit = await this.git(
        ['commit-tree', tree, '-p', parent, '-m', change.commitMessage],
        undefined,
        authorEnv(change.author),
      );
      await this.git(['update-ref', `refs/heads/${change.branch}`, commit]);
    }
    await saveProgress({
      ...progress,
      branch: change.branch,
      commitSha: commit,
    });
    if (open) {
      // A changed request: the description follows the new content (and says whether it was approved).
      const title = change.title;
      const body = change.body(await this.pathsDiffering(base, tree), {
        approved: !!open.approved,
      });
      if (open.title !== title || open.body !== body) {
        Object.assign(open, { title, body });
        await this.writePullRequests(prs);
      }
      return strip(open);
    }
    const number = prs.reduce((max, p) => Math.max(max, p.number), 0) + 1;
    const pr: LocalPullRequest = {
      number,
      branch: change.branch,
      state: 'open',
      url: this.urlOf(number),
      title: change.title,
      body: change.body(await this.pathsDiffering(base, tree)),
    };
    await this.writePullRequests([...prs, pr]);
    return strip(pr);
  }

  private async pathsDiffering(base: string, tree: string): Promise<string[]> {
    const out = await this.git(['diff-tree', '-r', '--name-only', base, tree]);
    return out ? out.split('\n') : [];
  }

  private async writeTree(parent: string, change: ChangeSet): Promise<string> {
    const indexFile = path.join(
      os.tmpdir(),
      `certificates-index-${process.pid}-${Date.now()}-${Math.random()}`,
    );
    const env = { GIT_INDEX_FILE: indexFile };
    try {
      await this.git(['read-tree', parent], undefined, env);
      const shas = await this.writeBlobs(change.files.map(f => f.content));
      const entries = change.files.map(
        (file, i) => `100644 ${shas[i]}\t${file.path}`,
      );
      // Mode 0 removes the path from the index; an absent path is left alone.
      for (const deleted of change.deletions ?? [])
        entries.push(`0 ${'0'.repeat(40)}\t${deleted}`);
      await this.git(
        ['update-index', '--index-info'],
        `${entries.join('\n')}\n`,
        env,
      );
      return await this.git(['write-tree'], undefined, env);
    } finally {
      await fs.rm(indexFile, { force: true });
    }
  }

  /**
   * Writes blobs with one git process for all of them (a bulk request's
   * pull request holds a thousand files): the contents go to temporary
   * files, `git hash-object --stdin-paths` stores them. Returns their ids.
   */
  private async writeBlobs(contents: string[]): Promise<string[]> {
    if (contents.length === 0) return [];
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'certificates-blobs-'));
    try {
      const paths = contents.map((_, i) => path.join(tmp, String(i)));
      await Promise.all(paths.map((p, i) => fs.writeFile(p, contents[i])));
      const out = await this.git(
        ['hash-object', '-w', '--no-filters', '--stdin-paths'],
        `${paths.join('\n')}\n`,
      );
      return out.split('\n');
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  merge(ref: PullRequestRef): Promise<void> {
    return this.exclusive(() => this.mergeNow(ref));
  }

  private async mergeNow(ref: PullRequestRef): Promise<void> {
    const prs = await this.readPullRequests();
    const pr = prs.find(p => p.number === ref.number);
    if (!pr || pr.state !== 'open')
      throw new GitopsConfigurationError(
        `pull request #${ref.number} is not open`,
      );
    const head = await this.revParse(`refs/heads/${pr.branch}`);
    const base = await this.revParse(`refs/heads/${this.baseBranch}`);
    if (!head || !base)
      throw new GitopsConfigurationError(`branch ${pr.branch} is missing`);
    const tree = await this.git([
      'merge-tree',
      '--write-tree',
      base,
      head,
    ]).catch(() => {
      throw new GitopsConfigurationError(
        `pull request #${pr.number} conflicts with ${this.baseBranch}`,
      );
    });
    const merge = await this.git(
      [
        'commit-tree',
        tree.split('\n')[0],
        '-p',
        base,
        '-p',
        head,
        '-m',
        `Merge pull request #${pr.number} from ${pr.branch}`,
      ],
      undefined,
      authorEnv({ name: 'Backstage', email: 'backstage@localhost' }),
    );
    await this.git([
      'update-ref',
      `refs/heads/${this.baseBranch}`,
      merge,
      base,
    ]);
    const current = await this.git(['symbolic-ref', '-q', 'HEAD']).catch(
      () => '',
    );
    if (current === `refs/heads/${this.baseBranch}`)
      await this.git(['reset', '-q', '--hard']);
    pr.state = 'merged';
    pr.mergeCommit = merge;
    await this.writePullRequests(prs);
  }

  async pullRequestStates(refs: PullRequestRef[]) {
    const prs = await this.readPullRequests();
    return new Map(
      refs.map(r => [
        r.number,
        prs.find(p => p.number === r.number)?.state ?? r.state,
      ]),
    );
  }

  closePullRequest(branch: string): Promise<void> {
    return this.exclusive(async () => {
      const prs = await this.readPullRequests();
      const open = prs.filter(p => p.branch === branch && p.state === 'open');
      for (const pr of open) pr.state = 'closed';
      if (open.length > 0) await this.writePullRequests(prs);
      if (await this.revParse(`refs/heads/${branch}`))
        await this.git(['update-ref', '-d', `refs/heads/${branch}`]);
    });
  }

  /** Approves an open pull request (as a reviewer would on GitHub). */
  approve(number: number): Promise<void> {
    return this.exclusive(async () => {
      const prs = await this.readPullRequests();
      const pr = prs.find(p => p.number === number);
      if (pr && pr.state === 'open') pr.approved = true;
      await this.writePullRequests(prs);
    });
  }

  /** The pull requests with their title and body, as a reviewer sees them. */
  async pullRequests(): Promise<ReadonlyArray<Readonly<LocalPullRequest>>> {
    return this.readPullRequests();
  }

  /** Closes a pull request without merging (as a reviewer would on GitHub). */
  close(number: number): Promise<void> {
    return this.exclusive(async () => {
      const prs = await this.readPullRequests();
      const pr = prs.find(p => p.number === number);
      if (pr && pr.state === 'open') pr.state = 'closed';
      await this.writePullRequests(prs);
    });
  }

  /**
   * The changed files of a pull request with their diffs: an open one
   * against where its branch left the base, a merged one as its merge
   * brought it in. A closed one's branch is deleted: no files.
   */
  async changedFiles(number: number): Promise<PullRequestFile[] | undefined> {
    const pr = (await this.readPullRequests()).find(p => p.number === number);
    if (!pr) return undefined;
    let range: [string, string] | undefined;
    if (pr.state === 'merged' && pr.mergeCommit) {
      range = [`${pr.mergeCommit}^1`, pr.mergeCommit];
    } else if (pr.state === 'open') {
      const head = await this.revParse(`refs/heads/${pr.branch}`);
      const base = await this.revParse(`refs/heads/${this.baseBranch}`);
      if (head && base)
        range = [await this.git(['merge-base', base, head]), head];
    }
    if (!range) return [];
    // No rename detection: one name-status line per diff section, in the same (path) order.
    const flags = ['--no-renames', '--no-color', '--no-ext-diff'];
    const [names, patch] = await Promise.all([
      this.git(['diff', ...flags, '--name-status', ...range]),
      this.git(['diff', ...flags, '--unified=3', ...range]),
    ]);
    return splitFileDiffs(names, patch);
  }

  private async readPullRequests(): Promise<LocalPullRequest[]> {
    let prs: LocalPullRequest[];
    try {
      prs = JSON.parse(
        await fs.readFile(path.join(this.dir, '.git', PR_FILE), 'utf8'),
      );
    } catch {
      return [];
    }
    // Pull requests written before the app had their page carry a file:// URL.
    return prs.map(p => ({ ...p, url: this.urlOf(p.number) }));
  }

  private async writePullRequests(prs: LocalPullRequest[]) {
    const file = path.join(this.dir, '.git', PR_FILE);
    await fs.writeFile(`${file}.tmp`, `${JSON.stringify(prs, null, 2)}\n`);
    await fs.rename(`${file}.tmp`, file);
  }
}

function strip(pr: LocalPullRequest): PullRequestRef {
  return { url: pr.url, number: pr.number, branch: pr.branch, state: pr.state };
}

function authorEnv(author: {
  name: string;
  email: string;
}): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
}
