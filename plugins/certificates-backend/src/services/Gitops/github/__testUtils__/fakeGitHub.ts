import { createHash } from 'node:crypto';
import { delay, http, HttpResponse } from 'msw';
import { fakeGitHubResolvers } from './fakeGitHubResolvers';
import {
  checkDocument,
  executeDocument,
  GithubGraphqlError,
} from './githubGraphql';
import { batchGraphql, treeResponse } from './fakeGitHubBatch';
import { blobSha, Commit, FakePr, FakeRepository } from './fakeGitHubModel';

export { blobSha } from './fakeGitHubModel';
export type { FakePr } from './fakeGitHubModel';

/**
 * A stateful fake of the parts of GitHub's REST and GraphQL APIs the
 * GitHub target uses (refs, commits, pull requests), with bodies shaped
 * like GitHub's documented responses. Counts every call and every write,
 * and injects faults.
 *
 * It is as strict as GitHub where a mistake would otherwise pass unseen:
 * REST paths must name this repository (else 404); every GraphQL document
 * is validated against GitHub's public schema and its variables against
 * their declarations, then executed field by field (githubGraphql.ts, with
 * the resolvers of fakeGitHubResolvers.ts). A document GitHub would refuse
 * is answered with GitHub's error and kept in {@link FakeGitHub.rejected}.
 */

export type Call = {
  op: string;
  write: boolean;
  status: number | 'reset' | 'timeout';
  /** When the call arrived (performance.now()), to measure the waits between calls. */
  at: number;
};

export type FaultReply =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | 'reset'
  | 'timeout';

export type Fault = {
  /** Operation, e.g. `POST /git/refs`, `graphql GitopsCommit`. */
  op: string;
  /** Without a reply the request is served normally (after `before`). */
  reply?: FaultReply;
  /** Runs first, e.g. someone else pushes to the branch meanwhile. */
  before?: () => void;
  /** Let the server apply the request and only then fail the answer. */
  applied?: boolean;
  /** How many times (1 by default). */
  times?: number;
};

const DOCS = 'https://docs.github.com/rest';

export class FakeGitHub implements FakeRepository {
  readonly owner = 'acme';
  readonly repo = 'platform-gitops';
  readonly api: string;
  readonly repoUrl: string;
  exists = true;
  empty = false;
  /** Tokens GitHub accepts. */
  validTokens = new Set(['ghs_valid']);
  /** Milliseconds an answer is held back for a `timeout` fault. */
  timeoutDelayMs = 500;

  readonly blobs = new Map<string, string>();
  readonly commits = new Map<string, Commit>();
  readonly refs = new Map<string, string>();
  readonly prs: FakePr[] = [];
  readonly calls: Call[] = [];
  /** GraphQL documents GitHub would have refused, with why: a test expects none. */
  readonly rejected: Array<{ query: string; errors: GithubGraphqlError[] }> =
    [];
  forcePushes = 0;
  private faults: Array<Fault & { left: number }> = [];
  private counter = 0;

  constructor(
    options: { host?: string; apiBaseUrl?: string; baseBranch?: string } = {},
  ) {
    const host = options.host ?? 'github.com';
    this.api = options.apiBaseUrl ?? 'https://api.github.com';
    this.repoUrl = `https://${host}/${this.owner}/${this.repo}`;
    const root = this.writeCommit(new Map(), [], 'Initial commit', {
      'README.md': '# Platform GitOps\n',
    });
    this.refs.set(options.baseBranch ?? 'main', root);
  }

  // ------------------------------------------------------------ test API

  inject(...faults: Fault[]) {
    for (const f of faults) this.faults.push({ ...f, left: f.times ?? 1 });
  }

  get pendingFaults() {
    return this.faults.filter(f => f.left > 0).length;
  }

  counts() {
    return {
      calls: this.calls.length,
      writes: this.calls.filter(c => c.write).length,
    };
  }

  /** Milliseconds between the start of call `index` and of the call before it. */
  waitBefore(index: number): number {
    return this.calls[index].at - this.calls[index - 1].at;
  }

  /** Calls made since `since` (a `counts()` snapshot). */
  since(since: { calls: number }) {
    const calls = this.calls.slice(since.calls);
    return {
      calls: calls.length,
      writes: calls.filter(c => c.write).length,
      ops: calls.map(c => `${c.op} ${c.status}`),
    };
  }

  fileAt(rev: string, path: string): string | undefined {
    const oid = this.refs.get(rev) ?? rev;
    const sha = this.commits.get(oid)?.tree.get(path);
    return sha ? this.blobs.get(sha) : undefined;
  }

  /** Commits on `branch` that are not on `base`. */
  commitsAhead(branch: string, base = 'main'): number {
    const baseAncestors = this.ancestors(this.refs.get(base)!);
    let n = 0;
    let oid = this.refs.get(branch);
    while (oid && !baseAncestors.has(oid)) {
      n++;
      oid = this.commits.get(oid)!.parents[0];
    }
    return n;
  }

  openPrs() {
    return this.prs.filter(p => p.state === 'open');
  }

  /** Someone pushes straight to a branch. */
  push(
    branch: string,
    files: Record<string, string>,
    message = 'manual change',
  ) {
    const parent = this.refs.get(branch)!;
    this.refs.set(
      branch,
      this.writeCommit(
        this.commits.get(parent)!.tree,
        [parent],
        message,
        files,
      ),
    );
  }

  /** A reviewer approves the pull request. */
  approve(number: number) {
    this.prs.find(p => p.number === number)!.approved = true;
  }

  close(number: number) {
    this.prs.find(p => p.number === number)!.state = 'closed';
  }

  merge(number: number) {
    const pr = this.prs.find(p => p.number === number)!;
    const head = this.refs.get(pr.head)!;
    const base = this.refs.get(pr.base)!;
    const tree = new Map(this.commits.get(base)!.tree);
    for (const [p, sha] of this.commits.get(head)!.tree) tree.set(p, sha);
    // Paths the branch deleted since it left the base are deleted by the merge too.
    const baseAncestors = this.ancestors(base);
    let fork: string | undefined = head;
    while (fork && !baseAncestors.has(fork))
      fork = this.commits.get(fork)!.parents[0];
    const headTree = this.commits.get(head)!.tree;
    for (const p of fork ? this.commits.get(fork)!.tree.keys() : [])
      if (!headTree.has(p)) tree.delete(p);
    const oid = this.hash(`merge ${base} ${head}`);
    this.commits.set(oid, {
      tree,
      parents: [base, head],
      message: `Merge pull request #${number}`,
    });
    this.refs.set(pr.base, oid);
    pr.state = 'closed';
    pr.merged = true;
  }

  // ---------------------------------------------------------------- git

  private hash(seed: string) {
    return createHash('sha1').update(`${seed} ${++this.counter}`).digest('hex');
  }

  /** Writes a commit of `files` over `parentTree` (resolvers use it for createCommitOnBranch). */
  writeCommit(
    parentTree: Map<string, string>,
    parents: string[],
    message: string,
    files: Record<string, string>,
  ) {
    const tree = new Map(parentTree);
    for (const [p, content] of Object.entries(files)) {
      const sha = blobSha(content);
      this.blobs.set(sha, content);
      tree.set(p, sha);
    }
    const oid = this.hash(`commit ${message}`);
    this.commits.set(oid, { tree, parents, message });
    return oid;
  }

  private ancestors(oid: string): Set<string> {
    const seen = new Set<string>();
    const todo = [oid];
    while (todo.length) {
      const o = todo.pop()!;
      if (seen.has(o)) continue;
      seen.add(o);
      todo.push(...(this.commits.get(o)?.parents ?? []));
    }
    return seen;
  }

  /** The blob `rev:path` names, as GraphQL's `object(expression:)` reads it. */
  resolve(expression: string): { oid: string; text: string } | undefined {
    const i = expression.indexOf(':');
    const rev = expression.slice(0, i);
    const path = expression.slice(i + 1);
    const commit =
      this.refs.get(rev) ?? (this.commits.has(rev) ? rev : undefined);
    const sha = commit ? this.commits.get(commit)!.tree.get(path) : undefined;
    return sha ? { oid: sha, text: this.blobs.get(sha)! } : undefined;
  }

  private restPr(pr: FakePr) {
    const url = `${this.api}/repos/${this.owner}/${this.repo}/pulls/${pr.number}`;
    const repo = {
      id: 1,
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      owner: { login: this.owner },
    };
    return {
      url,
      id: 1000 + pr.number,
      node_id: `PR_${pr.number}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${pr.number}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      body: pr.body,
      user: { login: 'certificates-bot[bot]', type: 'Bot' },
      labels: pr.labels.map(name => ({ name })),
      draft: false,
      merged: pr.merged,
      head: {
        label: `${this.owner}:${pr.head}`,
        ref: pr.head,
        sha: this.refs.get(pr.head) ?? '',
        repo,
      },
      base: {
        label: `${this.owner}:${pr.base}`,
        ref: pr.base,
        sha: this.refs.get(pr.base) ?? '',
        repo,
      },
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
    };
  }

  // ------------------------------------------------------------ handlers

  handlers() {
    const repoPath = `${this.api}/repos/:owner/:repo`;
    const wrap =
      (
        op: string,
        write: boolean,
        fn: (args: {
          request: Request;
          params: Record<string, any>;
        }) => Promise<Response> | Response,
      ) =>
      async ({
        request,
        params,
      }: {
        request: Request;
        params: Record<string, any>;
      }) =>
        this.handle(op, write, request, () =>
          params.owner === this.owner && params.repo === this.repo
            ? fn({ request, params })
            : this.notFound(),
        );
    return [
      http.post(`${this.graphqlUrl()}`, async ({ request }) => {
        const payload = (await request.clone().json()) as {
          query: string;
          variables?: Record<string, any>;
        };
        const variables = payload.variables ?? {};
        const checked = checkDocument(payload.query, variables);
        const name = checked.operationName ?? 'anonymous';
        const write = checked.operation === 'mutation';
        return this.handle(`graphql ${name}`, write, request, () =>
          this.graphql(payload.query, variables, checked),
        );
      }),
      http.post(
        `${repoPath}/git/refs`,
        wrap('POST /git/refs', true, async ({ request }) =>
          this.createRef(await request.json()),
        ),
      ),
      http.get(
        `${repoPath}/git/ref/*`,
        wrap('GET /git/ref', false, ({ request }) => this.getRef(request)),
      ),
      http.patch(
        `${repoPath}/git/refs/*`,
        wrap('PATCH /git/refs', true, async ({ request }) =>
          this.updateRef(request),
        ),
      ),
      http.post(
        `${repoPath}/pulls`,
        wrap('POST /pulls', true, async ({ request }) =>
          this.createPr(await request.json()),
        ),
      ),
      http.get(
        `${repoPath}/pulls`,
        wrap('GET /pulls', false, ({ request }) => this.listPrs(request)),
      ),
      http.post(
        `${repoPath}/issues/:number/labels`,
        wrap('POST /issues/labels', true, async ({ request, params }) => {
          const pr = this.prs.find(p => p.number === Number(params.number));
          if (!pr) return this.notFound();
          const { labels } = (await request.json()) as { labels: string[] };
          pr.labels = [...new Set([...pr.labels, ...labels])];
          return HttpResponse.json(
            pr.labels.map((n, i) => ({
              id: i + 1,
              node_id: `LA_${i}`,
              name: n,
              color: 'ededed',
              default: false,
            })),
          );
        }),
      ),
      http.post(
        `${repoPath}/pulls/:number/requested_reviewers`,
        wrap(
          'POST /pulls/requested_reviewers',
          true,
          async ({ request, params }) => {
            const pr = this.prs.find(p => p.number === Number(params.number));
            if (!pr) return this.notFound();
            const { reviewers = [], team_reviewers = [] } =
              (await request.json()) as any;
            pr.reviewers.push(...reviewers, ...team_reviewers);
            return HttpResponse.json(this.restPr(pr), { status: 201 });
          },
        ),
      ),
      http.get(
        `${repoPath}/git/trees/:sha`,
        wrap(
          'GET /git/trees',
          false,
          ({ params }) =>
            this.repoGone() ?? treeResponse(this, String(params.sha)),
        ),
      ),
      http.patch(
        `${repoPath}/pulls/:number`,
        wrap('PATCH /pulls', true, async ({ request, params }) =>
          this.updatePr(Number(params.number), await request.json()),
        ),
      ),
      http.delete(
        `${repoPath}/git/refs/*`,
        wrap('DELETE /git/refs', true, ({ request }) =>
          this.deleteRef(request),
        ),
      ),
      http.get(
        `${repoPath}/git/blobs/:sha`,
        wrap('GET /git/blobs', false, ({ params }) => {
          const content = this.blobs.get(params.sha);
          if (content === undefined) return this.notFound();
          return HttpResponse.json({
            sha: params.sha,
            size: Buffer.byteLength(content),
            encoding: 'base64',
            content: Buffer.from(content).toString('base64'),
          });
        }),
      ),
    ];
  }

  /** Registers the fake on an msw server (replacing earlier handlers). */
  use(server: {
    resetHandlers(...handlers: ReturnType<FakeGitHub['handlers']>): void;
  }) {
    server.resetHandlers(...this.handlers());
    return this;
  }

  private graphqlUrl() {
    return /\/api\/v3\/?$/.test(this.api)
      ? this.api.replace(/\/api\/v3\/?$/, '/api/graphql')
      : `${this.api}/graphql`;
  }

  private async handle(
    op: string,
    write: boolean,
    request: Request,
    real: () => Promise<Response> | Response,
  ): Promise<Response> {
    const call: Call = { op, write, status: 0, at: performance.now() };
    this.calls.push(call);
    const token = request.headers
      .get('authorization')
      ?.replace(/^(bearer|token)\s+/i, '');
    if (!token || !this.validTokens.has(token)) {
      call.status = 401;
      return HttpResponse.json(
        { message: 'Bad credentials', documentation_url: DOCS, status: '401' },
        { status: 401 },
      );
    }
    const fault = this.faults.find(f => f.left > 0 && f.op === op);
    if (!fault) {
      const response = await real();
      call.status = response.status;
      return response;
    }
    fault.left--;
    fault.before?.();
    if (!fault.reply) {
      const response = await real();
      call.status = response.status;
      return response;
    }
    if (fault.applied) await real();
    if (fault.reply === 'reset') {
      call.status = 'reset';
      return HttpResponse.error();
    }
    if (fault.reply === 'timeout') {
      call.status = 'timeout';
      await delay(this.timeoutDelayMs);
      return HttpResponse.json({ message: 'too late' }, { status: 504 });
    }
    call.status = fault.reply.status;
    return HttpResponse.json(fault.reply.body as any, {
      status: fault.reply.status,
      headers: fault.reply.headers,
    });
  }

  private notFound() {
    return HttpResponse.json(
      { message: 'Not Found', documentation_url: DOCS, status: '404' },
      { status: 404 },
    );
  }

  private repoGone(): Response | undefined {
    if (!this.exists) return this.notFound();
    if (this.empty) {
      return HttpResponse.json(
        {
          message: 'Git Repository is empty.',
          documentation_url: DOCS,
          status: '409',
        },
        { status: 409 },
      );
    }
    return undefined;
  }

  private createRef(body: any): Response {
    const gone = this.repoGone();
    if (gone) return gone;
    const branch = String(body.ref).replace(/^refs\/heads\//, '');
    if (this.refs.has(branch)) {
      return HttpResponse.json(
        {
          message: 'Reference already exists',
          documentation_url: `${DOCS}/git/refs#create-a-reference`,
          status: '422',
        },
        { status: 422 },
      );
    }
    if (!this.commits.has(body.sha)) {
      return HttpResponse.json(
        {
          message: 'Object does not exist',
          documentation_url: DOCS,
          status: '422',
        },
        { status: 422 },
      );
    }
    this.refs.set(branch, body.sha);
    return HttpResponse.json(this.restRef(branch), { status: 201 });
  }

  private restRef(branch: string) {
    return {
      ref: `refs/heads/${branch}`,
      node_id: `REF_${branch}`,
      url: `${this.api}/repos/${this.owner}/${this.repo}/git/refs/heads/${branch}`,
      object: {
        type: 'commit',
        sha: this.refs.get(branch)!,
        url: `${this.api}/repos/${this.owner}/${
          this.repo
        }/git/commits/${this.refs.get(branch)}`,
      },
    };
  }

  private refFromUrl(request: Request, prefix: string) {
    const path = decodeURIComponent(new URL(request.url).pathname);
    return path
      .slice(path.indexOf(prefix) + prefix.length)
      .replace(/^heads\//, '');
  }

  private getRef(request: Request): Response {
    const gone = this.repoGone();
    if (gone) return gone;
    const branch = this.refFromUrl(request, '/git/ref/');
    return this.refs.has(branch)
      ? HttpResponse.json(this.restRef(branch))
      : this.notFound();
  }

  private async updateRef(request: Request): Promise<Response> {
    const gone = this.repoGone();
    if (gone) return gone;
    const branch = this.refFromUrl(request, '/git/refs/');
    const body = (await request.json()) as { sha: string; force?: boolean };
    const current = this.refs.get(branch);
    if (!current)
      return HttpResponse.json(
        {
          message: 'Reference does not exist',
          documentation_url: DOCS,
          status: '422',
        },
        { status: 422 },
      );
    const fastForward = this.ancestors(body.sha).has(current);
    if (!fastForward && !body.force) {
      return HttpResponse.json(
        {
          message: 'Update is not a fast forward',
          documentation_url: DOCS,
          status: '422',
        },
        { status: 422 },
      );
    }
    if (!fastForward) this.forcePushes++;
    this.refs.set(branch, body.sha);
    return HttpResponse.json(this.restRef(branch));
  }

  /** PATCH /pulls/{n}: title, body, state (`closed`, or `open` again). */
  private updatePr(number: number, body: any): Response {
    const gone = this.repoGone();
    if (gone) return gone;
    const pr = this.prs.find(p => p.number === number);
    if (!pr) return this.notFound();
    if (typeof body.title === 'string') pr.title = body.title;
    if (typeof body.body === 'string') pr.body = body.body;
    if (body.state === 'closed' && !pr.merged) pr.state = 'closed';
    if (body.state === 'open' && !pr.merged) pr.state = 'open';
    return HttpResponse.json(this.restPr(pr));
  }

  /** DELETE /git/refs/heads/{branch}: 204, or 422 when there is no such branch. */
  private deleteRef(request: Request): Response {
    const gone = this.repoGone();
    if (gone) return gone;
    const branch = this.refFromUrl(request, '/git/refs/');
    if (!this.refs.has(branch))
      return HttpResponse.json(
        {
          message: 'Reference does not exist',
          documentation_url: `${DOCS}/git/refs#delete-a-reference`,
          status: '422',
        },
        { status: 422 },
      );
    this.refs.delete(branch);
    return new HttpResponse(null, { status: 204 });
  }

  private createPr(body: any): Response {
    const gone = this.repoGone();
    if (gone) return gone;
    if (!this.refs.has(body.head) || !this.refs.has(body.base)) {
      return HttpResponse.json(
        {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
          documentation_url: DOCS,
          status: '422',
        },
        { status: 422 },
      );
    }
    if (
      this.prs.some(
        p => p.state === 'open' && p.head === body.head && p.base === body.base,
      )
    ) {
      return HttpResponse.json(
        {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${this.owner}:${body.head}.`,
            },
          ],
          documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request`,
          status: '422',
        },
        { status: 422 },
      );
    }
    if (this.commitsAhead(body.head, body.base) === 0) {
      return HttpResponse.json(
        {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `No commits between ${body.base} and ${body.head}`,
            },
          ],
          documentation_url: DOCS,
          status: '422',
        },
        { status: 422 },
      );
    }
    const pr: FakePr = {
      number: this.prs.length + 1,
      head: body.head,
      base: body.base,
      title: body.title,
      body: body.body ?? '',
      state: 'open',
      merged: false,
      labels: [],
      reviewers: [],
    };
    this.prs.push(pr);
    return HttpResponse.json(this.restPr(pr), { status: 201 });
  }

  private listPrs(request: Request): Response {
    const gone = this.repoGone();
    if (gone) return gone;
    const q = new URL(request.url).searchParams;
    // `head` is `owner:branch`; another owner's branch is not this repository's.
    const [headOwner, headBranch] = q.get('head')?.includes(':')
      ? q.get('head')!.split(':', 2)
      : [this.owner, q.get('head') ?? undefined];
    if (headOwner !== this.owner) return HttpResponse.json([]);
    const head = headBranch;
    const state = q.get('state') ?? 'open';
    const base = q.get('base');
    return HttpResponse.json(
      this.prs
        .filter(
          p =>
            (state === 'all' || p.state === state) &&
            (!head || p.head === head) &&
            (!base || p.base === base),
        )
        .map(p => this.restPr(p)),
    );
  }

  // ------------------------------------------------------------- GraphQL

  private async graphql(
    query: string,
    variables: Record<string, any>,
    checked: ReturnType<typeof checkDocument>,
  ): Promise<Response> {
    if (checked.errors.length > 0) {
      // GitHub answers 200 with the reasons and runs nothing of the document.
      this.rejected.push({ query, errors: checked.errors });
      return HttpResponse.json({ errors: checked.errors });
    }
    // Batched documents (GitHubBatch) are served by fakeGitHubBatch.ts.
    const batch = batchGraphql(this, query, variables);
    if (batch) return batch;
    const result = await executeDocument(
      checked,
      variables,
      fakeGitHubResolvers,
      this,
    );
    return HttpResponse.json(result as any);
  }
}
