import type { FakePr, FakeRepository as FakeGitHub } from './fakeGitHubModel';
import { FakeGraphqlResolvers, GithubExecutionError } from './githubGraphql';

/*
 * What the fake GitHub answers per GraphQL field, from its state (see
 * githubGraphql.ts for how documents are checked and run). Objects carry
 * `__typename` where the schema has an interface or union (Ref.target,
 * Repository.object). Add a `Type.field` entry to serve a new field.
 */

const branchOf = (qualifiedName: string) =>
  qualifiedName.replace(/^refs\/heads\//, '');

function commitObject(oid: string) {
  return { __typename: 'Commit', id: `C_${oid}`, oid, tree: { oid } };
}

function pullRequestObject(fake: FakeGitHub, pr: FakePr) {
  return {
    __typename: 'PullRequest',
    id: `PR_${pr.number}`,
    number: pr.number,
    url: `https://github.com/${fake.owner}/${fake.repo}/pull/${pr.number}`,
    title: pr.title,
    body: pr.body,
    baseRefName: pr.base,
    headRefName: pr.head,
    isCrossRepository: false,
    state: pr.merged ? 'MERGED' : pr.state.toUpperCase(),
    merged: pr.merged,
    reviewDecision: pr.approved ? 'APPROVED' : 'REVIEW_REQUIRED',
    labels: { nodes: pr.labels.map(name => ({ name })) },
  };
}

/** GitHub's `states` filter: OPEN, CLOSED (closed unmerged) and MERGED. */
function stateOf(pr: FakePr): 'OPEN' | 'CLOSED' | 'MERGED' {
  if (pr.merged) return 'MERGED';
  return pr.state === 'open' ? 'OPEN' : 'CLOSED';
}

function repositoryNotFound(nameWithOwner: string): never {
  throw new GithubExecutionError(
    'NOT_FOUND',
    `Could not resolve to a Repository with the name '${nameWithOwner}'.`,
  );
}

type CommitInput = {
  branch: { repositoryNameWithOwner?: string; branchName?: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string };
  fileChanges?: {
    additions?: Array<{ path: string; contents: string }>;
    deletions?: Array<{ path: string }>;
  };
};

function createCommitOnBranch(fake: FakeGitHub, input: CommitInput) {
  const nameWithOwner = input.branch.repositoryNameWithOwner ?? '';
  if (!fake.exists || nameWithOwner !== `${fake.owner}/${fake.repo}`)
    repositoryNotFound(nameWithOwner);
  const branch = input.branch.branchName ?? '';
  const head = fake.refs.get(branch);
  if (!head)
    throw new GithubExecutionError(
      'NOT_FOUND',
      `A ref named "refs/heads/${branch}" does not exist.`,
    );
  if (head !== input.expectedHeadOid) {
    throw new GithubExecutionError(
      'STALE_DATA',
      `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
    );
  }
  const files: Record<string, string> = {};
  for (const a of input.fileChanges?.additions ?? [])
    files[a.path] = Buffer.from(a.contents, 'base64').toString('utf8');
  const message = [input.message.headline, input.message.body]
    .filter(Boolean)
    .join('\n\n');
  const oid = fake.writeCommit(
    fake.commits.get(head)!.tree,
    [head],
    message,
    files,
  );
  for (const d of input.fileChanges?.deletions ?? [])
    fake.commits.get(oid)!.tree.delete(d.path);
  fake.refs.set(branch, oid);
  return {
    commit: {
      ...commitObject(oid),
      url: `https://github.com/${fake.owner}/${fake.repo}/commit/${oid}`,
    },
  };
}

export const fakeGitHubResolvers: FakeGraphqlResolvers<FakeGitHub> = {
  'Query.repository': (_, { owner, name }, fake) => {
    if (!fake.exists || owner !== fake.owner || name !== fake.repo)
      repositoryNotFound(`${owner}/${name}`);
    return { id: `R_${fake.owner}_${fake.repo}`, name: fake.repo };
  },
  'Repository.isEmpty': (_, __, fake) => fake.empty,
  'Repository.ref': (_, { qualifiedName }, fake) => {
    const branch = branchOf(String(qualifiedName));
    const oid = fake.refs.get(branch);
    return oid
      ? {
          name: branch,
          prefix: 'refs/heads/',
          target: commitObject(oid),
        }
      : null;
  },
  'Repository.object': (_, { expression }, fake) => {
    const blob = fake.resolve(String(expression));
    return blob
      ? {
          __typename: 'Blob',
          oid: blob.oid,
          text: blob.text,
          isBinary: false,
          isTruncated: false,
          byteSize: Buffer.byteLength(blob.text),
        }
      : null;
  },
  'Repository.pullRequests': (_, args, fake) => {
    const states: string[] | undefined = args.states ?? undefined;
    const nodes = fake.prs
      .filter(
        p =>
          (!states || states.includes(stateOf(p))) &&
          (args.headRefName === undefined || p.head === args.headRefName) &&
          (args.baseRefName === undefined || p.base === args.baseRefName),
      )
      .slice(0, args.first ?? 100)
      .map(p => pullRequestObject(fake, p));
    return { nodes, totalCount: nodes.length };
  },
  'Repository.pullRequest': (_, { number }, fake) => {
    const pr = fake.prs.find(p => p.number === number);
    if (!pr)
      throw new GithubExecutionError(
        'NOT_FOUND',
        `Could not resolve to a PullRequest with the number of ${number}.`,
      );
    return pullRequestObject(fake, pr);
  },
  'Mutation.createCommitOnBranch': (_, { input }, fake) =>
    createCommitOnBranch(fake, input),
};
