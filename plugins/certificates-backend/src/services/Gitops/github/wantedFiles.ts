import { createHash } from 'node:crypto';
import { ChangeSet } from '../types';

/** A file the pull request should hold, with its git blob id to compare with GitHub's. */
export type WantedFile = { path: string; content: string; sha: string };

/** The git blob id of a text file: sha1 of `blob <bytes>\0<content>`. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** One entry per path (the last content wins), without a leading slash, with its blob id. */
export function wantedFiles(files: ChangeSet['files']): WantedFile[] {
  const byPath = new Map<string, string>();
  for (const f of files) byPath.set(f.path.replace(/^\/+/, ''), f.content);
  return [...byPath].map(([p, content]) => ({
    path: p,
    content,
    sha: gitBlobSha(content),
  }));
}
