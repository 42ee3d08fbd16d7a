import { PullRequestRef } from '@internal/plugin-certificates-common';
import { GitopsConfigurationError } from '../types';
import { failureOf, isHttpError, isObject, prop, toError } from './errors';
import { GitHubConnection } from './githubConnection';

/** Paths per GraphQL query (two aliases each in the pull request query). */
export const PATHS_PER_QUERY = 250;
/** Pull requests per state query. */
const PRS_PER_QUERY = 100;

export type OpenPr = {
  number: number;
  url: string;
  /** Read with the branch state, to update the description only when it differs. */
  title?: string;
  body?: string;
  /** GitHub's `reviewDecision` is APPROVED (branch protection decides whether a new commit dismisses it). */
  approved?: boolean;
};

export type RepoState = {
  baseOid: string;
  headOid?: string;
  openPr?: OpenPr;
  baseBlobs: Map<string, string | undefined>;
  headBlobs: Map<string, string | undefined>;
};

/*
 * What the GraphQL queries below select. Aliases are numbered per path
 * (`b0`, `h0` ...); GraphQL answers null for a missing ref or object.
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
            title?: string;
            body?: string;
            reviewDecision?: string | null;
          } | null> | null;
        } | null;
      } & BaseBlobs &
        HeadBlobs)
    | null;
};

type BranchHeadData = {
  repository?: ({ head?: RefTarget } & HeadBlobs) | null;
};

/**
 * What GitHubTarget reads of the repository: GraphQL wherever one query can
 * answer for many paths or pull requests, REST only to confirm a write.
 */
export class GitHubReads {
  constructor(private readonly gh: GitHubConnection) {}

  /** Call 1: base and branch heads, the open pull request, blob ids of the paths on both. */
  async readState(branch: string, paths: string[]): Promise<RepoState> {
    const state: RepoState = {
      baseOid: '',
      baseBlobs: new Map(),
      headBlobs: new Map(),
    };
    const chunks = chunk(paths, PATHS_PER_QUERY);
    for (let c = 0; c < Math.max(1, chunks.length); c++) {
      const part = chunks[c] ?? [];
      const variables: Record<string, string> = {
        baseRef: `refs/heads/${this.gh.baseBranch}`,
        headRef: `refs/heads/${branch}`,
        headName: branch,
      };
      const fields: string[] = [];
      part.forEach((p, i) => {
        variables[`b${i}`] = `${this.gh.baseBranch}:${p}`;
        variables[`h${i}`] = `${branch}:${p}`;
        fields.push(
          `b${i}: object(expression: $b${i}) { ... on Blob { oid } }`,
        );
        fields.push(
          `h${i}: object(expression: $h${i}) { ... on Blob { oid } }`,
        );
      });
      const data = await this.gh.readRepository<BranchStateData>(
        'read branch state',
        'GitopsBranchState',
        variables,
        [
          'isEmpty',
          'base: ref(qualifiedName: $baseRef) { target { oid } }',
          'head: ref(qualifiedName: $headRef) { target { oid } }',
          'pullRequests(headRefName: $headName, states: [OPEN], first: 10) {',
          '  nodes { number url baseRefName isCrossRepository title body reviewDecision }',
          '}',
          ...fields,
        ],
      );
      const repository = data?.repository;
      if (!repository)
        throw new GitopsConfigurationError(
          `read branch state: repository ${this.gh.fullName} not found`,
        );
      if (repository.isEmpty) {
        throw new GitopsConfigurationError(
          `repository ${this.gh.fullName} is empty: push a first commit to ${this.gh.baseBranch}`,
        );
      }
      if (!repository.base?.target?.oid) {
        throw new GitopsConfigurationError(
          `base branch ${this.gh.baseBranch} does not exist in ${this.gh.fullName}`,
        );
      }
      state.baseOid = repository.base.target.oid;
      state.headOid = repository.head?.target?.oid ?? undefined;
      const pr = (repository.pullRequests?.nodes ?? []).find(
        n => n && n.baseRefName === this.gh.baseBranch && !n.isCrossRepository,
      );
      if (pr)
        state.openPr = {
          number: pr.number,
          url: pr.url,
          title: pr.title,
          body: pr.body,
          approved: pr.reviewDecision === 'APPROVED',
        };
      part.forEach((p, i) => {
        state.baseBlobs.set(p, repository[`b${i}`]?.oid ?? undefined);
        state.headBlobs.set(p, repository[`h${i}`]?.oid ?? undefined);
      });
    }
    return state;
  }

  /** Re-reads the branch after an ambiguous or stale commit. */
  async readBranch(
    branch: string,
    paths: string[],
  ): Promise<{ headOid?: string; blobs: Map<string, string | undefined> }> {
    const variables: Record<string, string> = {
      headRef: `refs/heads/${branch}`,
    };
    const fields = paths.map((p, i) => {
      variables[`h${i}`] = `${branch}:${p}`;
      return `h${i}: object(expression: $h${i}) { ... on Blob { oid } }`;
    });
    const data = await this.gh.readRepository<BranchHeadData>(
      'read branch',
      'GitopsBranchHead',
      variables,
      ['head: ref(qualifiedName: $headRef) { target { oid } }', ...fields],
    );
    const repository = data?.repository ?? {};
    return {
      headOid: repository.head?.target?.oid ?? undefined,
      blobs: new Map(
        paths.map((p, i) => [p, repository[`h${i}`]?.oid ?? undefined]),
      ),
    };
  }

  /** The states of many pull requests, one query per 100; an unknown one keeps the state it had. */
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
        data = await this.gh.call('pull request states', () =>
          this.gh.octokit.graphql<unknown>(query, {
            owner: this.gh.owner,
            name: this.gh.repo,
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
          throw toError(
            failureOf(error, this.gh.fullName),
            'pull request states',
          );
      }
      for (const n of part) {
        const pr = prop(prop(data, 'repository'), `pr${n}`);
        if (!pr || !isObject(pr)) continue;
        result.set(n, prState(pr));
      }
    }
    return result;
  }

  /** The branch head by REST, to see whether a branch write was applied; undefined when there is no branch. */
  async getBranch(branch: string): Promise<string | undefined> {
    try {
      const response = await this.gh.call(`read branch ${branch}`, () =>
        this.gh.octokit.rest.git.getRef({
          owner: this.gh.owner,
          repo: this.gh.repo,
          ref: `heads/${branch}`,
        }),
      );
      return response.data.object.sha;
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return undefined;
      throw toError(
        failureOf(error, this.gh.fullName),
        `read branch ${branch}`,
      );
    }
  }

  /** The open pull request of a branch, to see whether a create was applied. */
  async findPullRequest(branch: string): Promise<OpenPr | undefined> {
    try {
      const response = await this.gh.call('find pull request', () =>
        this.gh.octokit.rest.pulls.list({
          owner: this.gh.owner,
          repo: this.gh.repo,
          head: `${this.gh.owner}:${branch}`,
          base: this.gh.baseBranch,
          state: 'open',
        }),
      );
      const pr = response.data[0];
      return pr ? { number: pr.number, url: pr.html_url } : undefined;
    } catch (error) {
      throw toError(failureOf(error, this.gh.fullName), 'find pull request');
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

/** `items` in runs of at most `size`, for queries with a limit on aliases. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}
