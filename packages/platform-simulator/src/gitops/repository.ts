import { spawn } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

function git(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', d => out.push(d));
    child.stderr!.on('data', d => err.push(d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(
            new Error(
              `git ${args[0]} failed (${code}): ${Buffer.concat(err)
                .toString()
                .trim()}`,
            ),
          ),
    );
    if (input !== undefined) {
      // git may exit before reading everything (a bad object): that is its error, not ours.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input);
    }
  });
}

/** One manifest of the repository, with the file it came from. */
export type Manifest = { path: string; object: Record<string, any> };

/** The manifests at one commit of the branch Argo CD follows. */
export type Revision = { sha: string; manifests: Manifest[] };

/**
 * Reads the GitOps repository the way Argo CD's repo server renders a
 * directory source: every `.yaml`/`.yml` file of the branch's tip, each
 * document a manifest. Undefined while the branch does not exist yet.
 */
export async function readRevision(
  repoPath: string,
  branch: string,
  knownSha?: string,
): Promise<Revision | undefined> {
  let sha: string;
  try {
    sha = (
      await git(repoPath, ['rev-parse', '--verify', `refs/heads/${branch}`])
    )
      .toString()
      .trim();
  } catch {
    return undefined;
  }
  if (sha === knownSha) return { sha, manifests: [] };
  const paths = (
    await git(repoPath, ['ls-tree', '-r', '-z', '--name-only', sha])
  )
    .toString()
    .split('\0')
    .filter(p => /\.ya?ml$/.test(p));
  if (paths.length === 0) return { sha, manifests: [] };
  // One `cat-file --batch` for all files: a fleet's repository has thousands.
  const batch = await git(
    repoPath,
    ['cat-file', '--batch'],
    paths.map(p => `${sha}:${p}\n`).join(''),
  );
  const manifests: Manifest[] = [];
  let offset = 0;
  for (const path of paths) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const header = batch.subarray(offset, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    const text = batch.subarray(headerEnd + 1, headerEnd + 1 + size).toString();
    offset = headerEnd + 1 + size + 1;
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS();
      if (
        object &&
        typeof object === 'object' &&
        object.kind &&
        object.metadata?.name
      )
        manifests.push({ path, object });
    }
  }
  return { sha, manifests };
}
