import { createHash } from 'node:crypto';

/** A commit of the fake: its whole tree (path → blob id). */
export type Commit = {
  tree: Map<string, string>;
  parents: string[];
  message: string;
};

export type FakePr = {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  reviewers: string[];
  /** A reviewer approved it (GraphQL `reviewDecision: APPROVED`). */
  approved?: boolean;
};

/** The git blob id of `content`, as `git hash-object` computes it. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/**
 * The repository state of a FakeGitHub, as its GraphQL resolvers and batch
 * documents read and write it (the HTTP side stays in fakeGitHub.ts).
 */
export interface FakeRepository {
  readonly owner: string;
  readonly repo: string;
  readonly api: string;
  exists: boolean;
  empty: boolean;
  readonly blobs: Map<string, string>;
  readonly commits: Map<string, Commit>;
  readonly refs: Map<string, string>;
  readonly prs: FakePr[];
  commitsAhead(branch: string, base?: string): number;
  resolve(expression: string): { oid: string; text: string } | undefined;
  writeCommit(
    parentTree: Map<string, string>,
    parents: string[],
    message: string,
    files: Record<string, string>,
  ): string;
}
