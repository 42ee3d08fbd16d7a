import { GitopsConfigurationError } from '../types';
import { failureOf, toError } from './errors';
import { GitHubConnection } from './githubConnection';
import { chunk, PATHS_PER_QUERY } from './githubReads';

type Deferred = {
  resolve: (v: string | undefined) => void;
  reject: (e: unknown) => void;
};

/** What the base-file query selects per alias `f0`, `f1` ...; null for a missing file. */
type TextBlob = {
  oid?: string;
  text?: string | null;
  isBinary?: boolean;
  isTruncated?: boolean;
} | null;
type BaseFilesData = {
  repository?: { [alias: `f${number}`]: TextBlob | undefined } | null;
};

/**
 * Reads files of the base branch: the generators read the current content
 * before rendering, often many files at once, so reads are batched.
 */
export class GitHubBaseFiles {
  private pendingReads?: Map<string, Deferred[]>;

  constructor(private readonly gh: GitHubConnection) {}

  async readBaseFile(path: string): Promise<string | undefined> {
    // Reads asked in the same tick (e.g. Promise.all over a request's files) share one query.
    return new Promise((resolve, reject) => {
      if (!this.pendingReads) {
        this.pendingReads = new Map();
        queueMicrotask(() => this.flushReads());
      }
      const waiting = this.pendingReads.get(path) ?? [];
      waiting.push({ resolve, reject });
      this.pendingReads.set(path, waiting);
    });
  }

  /** Reads many files of the base branch in one GraphQL query (per 250 paths). */
  async readBaseFiles(
    paths: string[],
  ): Promise<Map<string, string | undefined>> {
    const result = new Map<string, string | undefined>();
    for (const part of chunk([...new Set(paths)], PATHS_PER_QUERY)) {
      const variables: Record<string, string> = {};
      const fields = part.map((p, i) => {
        variables[`f${i}`] = `${this.gh.baseBranch}:${p}`;
        return `f${i}: object(expression: $f${i}) { ... on Blob { oid text isBinary isTruncated } }`;
      });
      const data = await this.gh.readRepository<BaseFilesData>(
        'read base files',
        'GitopsBaseFiles',
        variables,
        fields,
      );
      if (!data?.repository)
        throw new GitopsConfigurationError(
          `repository ${this.gh.fullName} not found`,
        );
      for (const [i, p] of part.entries()) {
        const blob = data.repository[`f${i}`];
        if (!blob || typeof blob.oid !== 'string') result.set(p, undefined);
        else if (
          blob.isTruncated ||
          blob.text === null ||
          blob.text === undefined
        )
          result.set(p, await this.readBlob(blob.oid));
        else result.set(p, blob.text);
      }
    }
    return result;
  }

  /** Large files: GraphQL truncates `text`, the blob API does not. */
  private async readBlob(sha: string): Promise<string> {
    try {
      const response = await this.gh.call('read blob', () =>
        this.gh.octokit.rest.git.getBlob({
          owner: this.gh.owner,
          repo: this.gh.repo,
          file_sha: sha,
        }),
      );
      return Buffer.from(
        response.data.content,
        (response.data.encoding as BufferEncoding) ?? 'base64',
      ).toString('utf8');
    } catch (error) {
      throw toError(failureOf(error, this.gh.fullName), 'read blob');
    }
  }

  private async flushReads() {
    const pending = this.pendingReads!;
    this.pendingReads = undefined;
    try {
      const files = await this.readBaseFiles([...pending.keys()]);
      for (const [p, waiting] of pending)
        waiting.forEach(w => w.resolve(files.get(p)));
    } catch (error) {
      for (const waiting of pending.values())
        waiting.forEach(w => w.reject(error));
    }
  }
}
