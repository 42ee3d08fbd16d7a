import { createHash } from 'node:crypto';
import {
  ArgumentNode,
  FieldNode,
  OperationDefinitionNode,
  parse,
  ValueNode,
} from 'graphql';
import { HttpResponse } from 'msw';
import {
  blobSha,
  FakePr,
  FakeRepository as FakeGitHub,
} from './fakeGitHubModel';

/*
 * The batched documents of GitHubBatch (operations named `GitopsBatch*`),
 * answered from the FakeGitHub's state: aliased queries of refs, open pull
 * requests, labels, users, teams and blobs; aliased mutations run one after
 * the other, each failing alone (null plus an error naming its alias), as
 * GitHub does. Also the recursive tree read (`GET /git/trees/:sha`).
 */

type Vars = Record<string, unknown>;
type GqlError = { type: string; path: string[]; message: string };

/** Mutation fields served, per fake (the bench reports them beside calls). */
const mutationCounts = new WeakMap<FakeGitHub, number>();
export function batchMutationCount(fake: FakeGitHub): number {
  return mutationCounts.get(fake) ?? 0;
}

export const repositoryId = (fake: FakeGitHub) =>
  `R_${Buffer.from(`${fake.owner}/${fake.repo}`).toString('base64')}`;
const prId = (n: number) => `PR_${n}`;
const labelId = (name: string) => `LA_${Buffer.from(name).toString('base64')}`;

function value(node: ValueNode, vars: Vars): unknown {
  switch (node.kind) {
    case 'Variable':
      return vars[node.name.value];
    case 'IntValue':
      return Number(node.value);
    case 'StringValue':
    case 'EnumValue':
      return node.value;
    case 'BooleanValue':
      return node.value;
    case 'ListValue':
      return node.values.map(v => value(v, vars));
    case 'ObjectValue':
      return Object.fromEntries(
        node.fields.map(f => [f.name.value, value(f.value, vars)]),
      );
    default:
      return null;
  }
}

function args(field: FieldNode, vars: Vars): Record<string, any> {
  return Object.fromEntries(
    (field.arguments ?? []).map((a: ArgumentNode) => [
      a.name.value,
      value(a.value, vars),
    ]),
  );
}

const fields = (node: { selectionSet?: { selections: readonly unknown[] } }) =>
  (node.selectionSet?.selections ?? []).filter(
    (s): s is FieldNode => (s as FieldNode).kind === 'Field',
  );
const aliasOf = (f: FieldNode) => f.alias?.value ?? f.name.value;

/** Tree id of a commit's files (stable for equal trees). */
export function treeOid(tree: Map<string, string>): string {
  const hash = createHash('sha1');
  for (const [p, sha] of [...tree].sort(([a], [b]) => a.localeCompare(b)))
    hash.update(`${p}\0${sha}\n`);
  return hash.digest('hex');
}

/** Answers a `GitopsBatch*` document, or undefined for any other. */
export function batchGraphql(
  fake: FakeGitHub,
  query: string,
  vars: Vars,
): Response | undefined {
  const doc = parse(query);
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  );
  if (!op?.name?.value.startsWith('GitopsBatch')) return undefined;
  if (op.operation === 'mutation') return mutate(fake, op, vars);
  return read(fake, op, vars);
}

function read(fake: FakeGitHub, op: OperationDefinitionNode, vars: Vars) {
  const data: Record<string, unknown> = {};
  const errors: GqlError[] = [];
  for (const top of fields(op)) {
    const a = args(top, vars);
    if (top.name.value === 'repository') {
      if (!fake.exists || a.owner !== fake.owner || a.name !== fake.repo) {
        data[aliasOf(top)] = null;
        errors.push({
          type: 'NOT_FOUND',
          path: ['repository'],
          message: `Could not resolve to a Repository with the name '${a.owner}/${a.name}'.`,
        });
        continue;
      }
      data[aliasOf(top)] = repository(fake, top, vars);
    } else if (top.name.value === 'user') {
      data[aliasOf(top)] = { id: `U_${a.login}` };
    } else if (top.name.value === 'organization') {
      data[aliasOf(top)] = Object.fromEntries(
        fields(top).map(f => [aliasOf(f), { id: `T_${args(f, vars).slug}` }]),
      );
    }
  }
  return HttpResponse.json(errors.length ? { data, errors } : { data });
}

function repository(fake: FakeGitHub, node: FieldNode, vars: Vars) {
  const out: Record<string, unknown> = {};
  for (const f of fields(node)) {
    const a = args(f, vars);
    const alias = aliasOf(f);
    switch (f.name.value) {
      case 'id':
        out[alias] = repositoryId(fake);
        break;
      case 'isEmpty':
        out[alias] = fake.empty;
        break;
      case 'ref': {
        const oid = fake.refs.get(
          String(a.qualifiedName).replace(/^refs\/heads\//, ''),
        );
        out[alias] = oid
          ? {
              target: {
                oid,
                tree: { oid: treeOid(fake.commits.get(oid)!.tree) },
              },
            }
          : null;
        break;
      }
      case 'pullRequests':
        out[alias] = {
          nodes: fake.prs
            .filter(p => p.head === a.headRefName && p.state === 'open')
            .map(p => prNode(fake, p)),
        };
        break;
      case 'label':
        out[alias] = { id: labelId(a.name) };
        break;
      case 'object': {
        const [rev, ...rest] = String(a.expression).split(':');
        const sha = fake.commits
          .get(fake.refs.get(rev) ?? rev)
          ?.tree.get(rest.join(':'));
        out[alias] = sha ? { oid: sha } : null;
        break;
      }
      default:
        throw new Error(
          `fake GitHub: repository.${f.name.value} is not served`,
        );
    }
  }
  return out;
}

function prNode(fake: FakeGitHub, p: FakePr) {
  return {
    id: prId(p.number),
    number: p.number,
    url: `https://github.com/${fake.owner}/${fake.repo}/pull/${p.number}`,
    baseRefName: p.base,
    isCrossRepository: false,
    labels: { nodes: p.labels.map(name => ({ name })) },
  };
}

type MutationResult =
  | { data: unknown }
  | { error: [type: string, message: string] };

const MUTATIONS: Record<
  string,
  (fake: FakeGitHub, input: any) => MutationResult
> = {
  createRef(fake, input) {
    if (input.repositoryId !== repositoryId(fake))
      return {
        error: [
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.repositoryId}'`,
        ],
      };
    const branch = String(input.name).replace(/^refs\/heads\//, '');
    if (fake.refs.has(branch))
      return {
        error: [
          'UNPROCESSABLE',
          `A ref named "${input.name}" already exists in the repository.`,
        ],
      };
    if (!fake.commits.has(input.oid))
      return { error: ['UNPROCESSABLE', `Object ${input.oid} does not exist`] };
    fake.refs.set(branch, input.oid);
    return { data: { ref: { name: branch, target: { oid: input.oid } } } };
  },
  createCommitOnBranch(fake, input) {
    const branch = input.branch.branchName;
    if (input.branch.repositoryNameWithOwner !== `${fake.owner}/${fake.repo}`)
      return {
        error: [
          'NOT_FOUND',
          `Could not resolve to a Repository with the name '${input.branch.repositoryNameWithOwner}'.`,
        ],
      };
    const head = fake.refs.get(branch);
    if (!head)
      return {
        error: [
          'NOT_FOUND',
          `A ref named "refs/heads/${branch}" does not exist.`,
        ],
      };
    if (head !== input.expectedHeadOid)
      return {
        error: [
          'STALE_DATA',
          `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
        ],
      };
    const tree = new Map(fake.commits.get(head)!.tree);
    for (const a of input.fileChanges?.additions ?? []) {
      const content = Buffer.from(a.contents, 'base64').toString('utf8');
      const sha = blobSha(content);
      fake.blobs.set(sha, content);
      tree.set(a.path, sha);
    }
    for (const d of input.fileChanges?.deletions ?? []) tree.delete(d.path);
    const message = [input.message.headline, input.message.body]
      .filter(Boolean)
      .join('\n\n');
    const oid = createHash('sha1')
      .update(`batch commit ${head} ${message} ${fake.commits.size}`)
      .digest('hex');
    fake.commits.set(oid, { tree, parents: [head], message });
    fake.refs.set(branch, oid);
    return { data: { commit: { oid } } };
  },
  createPullRequest(fake, input) {
    if (input.repositoryId !== repositoryId(fake))
      return {
        error: [
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.repositoryId}'`,
        ],
      };
    if (!fake.refs.has(input.headRefName) || !fake.refs.has(input.baseRefName))
      return {
        error: [
          'UNPROCESSABLE',
          `Head sha can't be blank, Base sha can't be blank, No commits between ${input.baseRefName} and ${input.headRefName}`,
        ],
      };
    if (
      fake.prs.some(
        p =>
          p.state === 'open' &&
          p.head === input.headRefName &&
          p.base === input.baseRefName,
      )
    )
      return {
        error: [
          'UNPROCESSABLE',
          `A pull request already exists for ${fake.owner}:${input.headRefName}.`,
        ],
      };
    if (fake.commitsAhead(input.headRefName, input.baseRefName) === 0)
      return {
        error: [
          'UNPROCESSABLE',
          `No commits between ${input.baseRefName} and ${input.headRefName}`,
        ],
      };
    const pr: FakePr = {
      number: fake.prs.length + 1,
      head: input.headRefName,
      base: input.baseRefName,
      title: input.title,
      body: input.body ?? '',
      state: 'open',
      merged: false,
      labels: [],
      reviewers: [],
    };
    fake.prs.push(pr);
    return {
      data: {
        pullRequest: {
          id: prId(pr.number),
          number: pr.number,
          url: prNode(fake, pr).url,
        },
      },
    };
  },
  addLabelsToLabelable(fake, input) {
    const pr = fake.prs.find(p => prId(p.number) === input.labelableId);
    if (!pr)
      return {
        error: [
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.labelableId}'`,
        ],
      };
    const names = (input.labelIds as string[]).map(id =>
      Buffer.from(id.slice(3), 'base64').toString('utf8'),
    );
    pr.labels = [...new Set([...pr.labels, ...names])];
    return { data: { clientMutationId: null } };
  },
  requestReviews(fake, input) {
    const pr = fake.prs.find(p => prId(p.number) === input.pullRequestId);
    if (!pr)
      return {
        error: [
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.pullRequestId}'`,
        ],
      };
    const ids = [...(input.userIds ?? []), ...(input.teamIds ?? [])].map(
      (id: string) => id.slice(2),
    );
    pr.reviewers = input.union ? [...new Set([...pr.reviewers, ...ids])] : ids;
    return { data: { clientMutationId: null } };
  },
};

function mutate(fake: FakeGitHub, op: OperationDefinitionNode, vars: Vars) {
  const data: Record<string, unknown> = {};
  const errors: GqlError[] = [];
  // In document order, as GitHub runs top-level mutation fields.
  for (const f of fields(op)) {
    const alias = aliasOf(f);
    mutationCounts.set(fake, batchMutationCount(fake) + 1);
    const input = args(f, vars).input ?? {};
    const result = MUTATIONS[f.name.value]?.(fake, input);
    if (!result)
      throw new Error(`fake GitHub: mutation ${f.name.value} is not served`);
    if ('error' in result) {
      data[alias] = null;
      errors.push({
        type: result.error[0],
        path: [alias],
        message: result.error[1],
      });
    } else data[alias] = result.data;
  }
  return HttpResponse.json(errors.length ? { data, errors } : { data });
}

/** GET /git/trees/:sha?recursive=1, `:sha` a branch, commit or tree id. */
export function treeResponse(fake: FakeGitHub, treeish: string): Response {
  const commit =
    fake.refs.get(treeish) ??
    (fake.commits.has(treeish)
      ? treeish
      : [...fake.commits].find(([, c]) => treeOid(c.tree) === treeish)?.[0]);
  if (!commit)
    return HttpResponse.json(
      {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      },
      { status: 404 },
    );
  const tree = fake.commits.get(commit)!.tree;
  const dirs = new Set<string>();
  for (const p of tree.keys()) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++)
      dirs.add(parts.slice(0, i).join('/'));
  }
  const api = `${fake.api}/repos/${fake.owner}/${fake.repo}/git`;
  return HttpResponse.json({
    sha: treeOid(tree),
    url: `${api}/trees/${treeOid(tree)}`,
    tree: [
      ...[...dirs].map(d => ({
        path: d,
        mode: '040000',
        type: 'tree',
        sha: createHash('sha1').update(d).digest('hex'),
        url: `${api}/trees/x`,
      })),
      ...[...tree].map(([p, sha]) => ({
        path: p,
        mode: '100644',
        type: 'blob',
        sha,
        size: Buffer.byteLength(fake.blobs.get(sha) ?? ''),
        url: `${api}/blobs/${sha}`,
      })),
    ].sort((a, b) => a.path.localeCompare(b.path)),
    truncated: false,
  });
}
