import { GitopsConfigurationError } from '../types';
import { batchStateQuery, BatchStateInput } from './batchDocuments';
import { failureOf, prop, toError } from './errors';
import { GitHubConnection } from './githubConnection';
import { chunk, PATHS_PER_QUERY } from './githubReads';

/** Branches per state query (two aliases each). */
const BRANCHES_PER_QUERY = 100;

export type BatchOpenPr = {
  id: string;
  number: number;
  url: string;
  labels: string[];
};

/** What one read tells about the repository and every branch of a batch. */
export type BatchState = {
  repositoryId: string;
  baseOid: string;
  /** Blob id per path on the base; undefined when the base lacks it. */
  baseBlobs: Map<string, string | undefined>;
  heads: Array<string | undefined>;
  openPrs: Array<BatchOpenPr | undefined>;
  labelIds: string[];
  userIds: string[];
  teamIds: string[];
};

type PrNode = {
  id: string;
  number: number;
  url: string;
  baseRefName?: string;
  isCrossRepository?: boolean;
  labels?: { nodes?: Array<{ name: string } | null> | null } | null;
} | null;

/** The answer of GitopsBatchState, alias by alias (null for a missing ref, label, user or blob). */
type BatchStateData = {
  repository?:
    | ({
        id?: string;
        isEmpty?: boolean;
        base?: { target?: { oid?: string; tree?: { oid?: string } } } | null;
      } & Record<string, unknown>)
    | null;
  org?: Record<string, { id?: string } | null> | null;
} & Record<string, unknown>;

/** A string field of an aliased answer, else undefined. */
const field = (v: unknown, key: 'id' | 'oid') => {
  const value = prop(v, key);
  return typeof value === 'string' ? value : undefined;
};

/**
 * Reads the state of a whole batch: base head, every branch's head and open
 * pull request, label/user/team ids for decorating, in one GraphQL query
 * (per 100 branches); the base's blob ids with it when there are few paths,
 * else from one recursive read of the base tree.
 */
export async function readBatchState(
  gh: GitHubConnection,
  input: Omit<BatchStateInput, 'owner' | 'name' | 'baseBranch'>,
): Promise<BatchState> {
  const fewPaths = input.paths.length <= PATHS_PER_QUERY;
  const tree = fewPaths ? undefined : readBaseTree(gh, gh.baseBranch);
  tree?.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const parts = chunk(input.branches, BRANCHES_PER_QUERY);
  const state: BatchState = {
    repositoryId: '',
    baseOid: '',
    baseBlobs: new Map(),
    heads: [],
    openPrs: [],
    labelIds: [],
    userIds: [],
    teamIds: [],
  };
  let baseTreeOid: string | undefined;
  for (let c = 0; c < Math.max(1, parts.length); c++) {
    const first = c === 0;
    const branches = parts[c] ?? [];
    const { query, variables } = batchStateQuery({
      owner: gh.owner,
      name: gh.repo,
      baseBranch: gh.baseBranch,
      branches,
      labels: first ? input.labels : [],
      users: first ? input.users : [],
      teams: first ? input.teams : [],
      paths: first && fewPaths ? input.paths : [],
    });
    const data = await gh.graphqlRead<BatchStateData>(
      'read batch state',
      query,
      variables,
    );
    const repository = checkedRepository(gh, data);
    state.repositoryId = repository.id!;
    state.baseOid = repository.base!.target!.oid!;
    baseTreeOid = repository.base?.target?.tree?.oid;
    branches.forEach((_, i) => {
      state.heads.push(field(prop(repository[`r${i}`], 'target'), 'oid'));
      state.openPrs.push(openPr(gh, repository[`p${i}`]));
    });
    if (!first) continue;
    state.labelIds = input.labels.flatMap(
      (_, i) => field(repository[`l${i}`], 'id') ?? [],
    );
    state.userIds = input.users.flatMap(
      (_, i) => field(data[`u${i}`], 'id') ?? [],
    );
    state.teamIds = input.teams.flatMap(
      (_, i) => field(data.org?.[`t${i}`], 'id') ?? [],
    );
    if (fewPaths)
      input.paths.forEach((p, i) =>
        state.baseBlobs.set(p, field(repository[`b${i}`], 'oid')),
      );
  }
  if (tree) {
    let blobs = await tree;
    // The base moved between the two reads: read the tree the query saw.
    if (blobs.treeOid !== baseTreeOid && baseTreeOid)
      blobs = await readBaseTree(gh, baseTreeOid);
    if (blobs.truncated) blobs.paths = await blobIdsByQuery(gh, input.paths);
    for (const p of input.paths) state.baseBlobs.set(p, blobs.paths.get(p));
  }
  return state;
}

function checkedRepository(gh: GitHubConnection, data: BatchStateData) {
  const repository = data?.repository;
  if (!repository || !repository.id)
    throw new GitopsConfigurationError(
      `read batch state: repository ${gh.fullName} not found`,
    );
  if (repository.isEmpty)
    throw new GitopsConfigurationError(
      `repository ${gh.fullName} is empty: push a first commit to ${gh.baseBranch}`,
    );
  if (!repository.base?.target?.oid)
    throw new GitopsConfigurationError(
      `base branch ${gh.baseBranch} does not exist in ${gh.fullName}`,
    );
  return repository;
}

/** The open pull request of a branch into the base, from this repository. */
function openPr(gh: GitHubConnection, value: unknown): BatchOpenPr | undefined {
  const nodes = prop(value, 'nodes');
  if (!Array.isArray(nodes)) return undefined;
  const pr = (nodes as PrNode[]).find(
    n => n && n.baseRefName === gh.baseBranch && !n.isCrossRepository,
  );
  if (!pr) return undefined;
  return {
    id: pr.id,
    number: pr.number,
    url: pr.url,
    labels: (pr.labels?.nodes ?? []).flatMap(l => (l ? [l.name] : [])),
  };
}

type TreeBlobs = {
  treeOid?: string;
  truncated: boolean;
  paths: Map<string, string>;
};

/** GET /git/trees/:ref?recursive=1: every blob id of the base in one call (GitHub truncates past 100,000 entries). */
async function readBaseTree(
  gh: GitHubConnection,
  treeish: string,
): Promise<TreeBlobs> {
  try {
    const response = await gh.call('read base tree', () =>
      gh.octokit.rest.git.getTree({
        owner: gh.owner,
        repo: gh.repo,
        tree_sha: treeish,
        recursive: 'true',
      }),
    );
    const paths = new Map<string, string>();
    for (const entry of response.data.tree) {
      if (entry.type === 'blob' && entry.path && entry.sha)
        paths.set(entry.path, entry.sha);
    }
    return {
      treeOid: response.data.sha,
      truncated: !!response.data.truncated,
      paths,
    };
  } catch (error) {
    throw toError(failureOf(error, gh.fullName), 'read base tree');
  }
}

/** Blob ids by GraphQL, 250 paths per query: when the tree was too large to list. */
async function blobIdsByQuery(
  gh: GitHubConnection,
  paths: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunk(paths, PATHS_PER_QUERY)) {
    const { query, variables } = batchStateQuery({
      owner: gh.owner,
      name: gh.repo,
      baseBranch: gh.baseBranch,
      branches: [],
      labels: [],
      users: [],
      teams: [],
      paths: part,
    });
    const data = await gh.graphqlRead<BatchStateData>(
      'read base blobs',
      query,
      variables,
    );
    const repository = checkedRepository(gh, data);
    part.forEach((p, i) => {
      const oid = field(repository[`b${i}`], 'oid');
      if (oid) out.set(p, oid);
    });
  }
  return out;
}
