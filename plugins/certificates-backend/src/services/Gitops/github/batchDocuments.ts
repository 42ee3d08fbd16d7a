/*
 * GraphQL documents of batched publishing (see GitHubBatch): one query
 * reads the state of every branch, and each mutation document carries
 * several aliased mutations. GitHub runs the top-level fields of a mutation
 * one after the other, so a branch created by `refN` exists when `commitN`
 * (later in the same document) commits to it. Every alias has its own
 * variable, so one failing alias answers null with an error naming it and
 * the others still apply.
 */

export type BatchStateInput = {
  owner: string;
  name: string;
  baseBranch: string;
  /** One branch per job, aliased `rN` (its head) and `pN` (its open pull requests). */
  branches: string[];
  /** Label names, aliased `lN`. */
  labels: string[];
  /** User logins, aliased `uN` (top level). */
  users: string[];
  /** Team slugs of the owner organization, aliased `tN`. */
  teams: string[];
  /** Paths whose blob id on the base is read, aliased `bN` (when few). */
  paths: string[];
};

type Document = { query: string; variables: Record<string, unknown> };

function declare(
  variables: Record<string, unknown>,
  types: Record<string, string>,
) {
  return Object.keys(variables)
    .map(k => `$${k}: ${types[k] ?? 'String!'}`)
    .join(', ');
}

export function batchStateQuery(input: BatchStateInput): Document {
  const variables: Record<string, unknown> = {
    owner: input.owner,
    name: input.name,
    baseRef: `refs/heads/${input.baseBranch}`,
  };
  const repo: string[] = [];
  const top: string[] = [];
  input.branches.forEach((branch, i) => {
    variables[`r${i}`] = `refs/heads/${branch}`;
    variables[`p${i}`] = branch;
    repo.push(`r${i}: ref(qualifiedName: $r${i}) { target { oid } }`);
    repo.push(
      `p${i}: pullRequests(headRefName: $p${i}, states: [OPEN], first: 5) { nodes { id number url baseRefName isCrossRepository labels(first: 50) { nodes { name } } } }`,
    );
  });
  input.labels.forEach((label, i) => {
    variables[`l${i}`] = label;
    repo.push(`l${i}: label(name: $l${i}) { id }`);
  });
  input.paths.forEach((path, i) => {
    variables[`b${i}`] = `${input.baseBranch}:${path}`;
    repo.push(`b${i}: object(expression: $b${i}) { ... on Blob { oid } }`);
  });
  input.users.forEach((login, i) => {
    variables[`u${i}`] = login;
    top.push(`u${i}: user(login: $u${i}) { id }`);
  });
  if (input.teams.length > 0) {
    top.push(
      `org: organization(login: $owner) { ${input.teams
        .map((slug, i) => {
          variables[`t${i}`] = slug;
          return `t${i}: team(slug: $t${i}) { id }`;
        })
        .join(' ')} }`,
    );
  }
  const query = `query GitopsBatchState(${declare(variables, {})}) {
  repository(owner: $owner, name: $name) {
    id
    isEmpty
    base: ref(qualifiedName: $baseRef) { target { oid ... on Commit { tree { oid } } } }
    ${repo.join('\n    ')}
  }
  ${top.join('\n  ')}
}`;
  return { query, variables };
}

/** Input of `createRef`, as GitHub's CreateRefInput. */
export type CreateRefInput = {
  repositoryId: string;
  name: string;
  oid: string;
};
/** Input of `createCommitOnBranch`, as GitHub's CreateCommitOnBranchInput. */
export type CreateCommitInput = {
  branch: { repositoryNameWithOwner: string; branchName: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string };
  fileChanges: {
    additions: Array<{ path: string; contents: string }>;
    deletions?: Array<{ path: string }>;
  };
};
export type CreatePullRequestInput = {
  repositoryId: string;
  baseRefName: string;
  headRefName: string;
  title: string;
  body: string;
};
export type AddLabelsInput = { labelableId: string; labelIds: string[] };
export type RequestReviewsInput = {
  pullRequestId: string;
  userIds: string[];
  teamIds: string[];
  union: boolean;
};

/** One aliased mutation: alias, GitHub field, input type and what it selects. */
export type AliasedMutation = {
  alias: string;
  field:
    | 'createRef'
    | 'createCommitOnBranch'
    | 'createPullRequest'
    | 'addLabelsToLabelable'
    | 'requestReviews';
  input:
    | CreateRefInput
    | CreateCommitInput
    | CreatePullRequestInput
    | AddLabelsInput
    | RequestReviewsInput;
};

const INPUT_TYPE: Record<AliasedMutation['field'], string> = {
  createRef: 'CreateRefInput!',
  createCommitOnBranch: 'CreateCommitOnBranchInput!',
  createPullRequest: 'CreatePullRequestInput!',
  addLabelsToLabelable: 'AddLabelsToLabelableInput!',
  requestReviews: 'RequestReviewsInput!',
};

const SELECTION: Record<AliasedMutation['field'], string> = {
  createRef: '{ ref { name target { oid } } }',
  createCommitOnBranch: '{ commit { oid } }',
  createPullRequest: '{ pullRequest { id number url } }',
  addLabelsToLabelable: '{ clientMutationId }',
  requestReviews: '{ clientMutationId }',
};

/** Several mutations in one document, run by GitHub in the order given. */
export function aliasedMutation(
  operation: string,
  mutations: AliasedMutation[],
): Document {
  const variables: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  const fields = mutations.map(m => {
    variables[m.alias] = m.input;
    types[m.alias] = INPUT_TYPE[m.field];
    return `${m.alias}: ${m.field}(input: $${m.alias}) ${SELECTION[m.field]}`;
  });
  return {
    query: `mutation ${operation}(${declare(variables, types)}) {
  ${fields.join('\n  ')}
}`,
    variables,
  };
}
