import {
  PullRequestFile,
  PullRequestFileStatus,
} from '@internal/plugin-certificates-common';

const STATUS: Record<string, PullRequestFileStatus> = {
  A: 'added',
  D: 'deleted',
};

/**
 * Pairs `git diff --name-status` lines with the sections of the same
 * range's patch (both list files in path order, renames off). The diff of a
 * file is its section from the first hunk on: the `diff --git`, `index`
 * and `---`/`+++` header lines repeat what path and status already say.
 */
export function splitFileDiffs(
  nameStatus: string,
  patch: string,
): PullRequestFile[] {
  const names = nameStatus
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [code, ...rest] = line.split('\t');
      return { status: STATUS[code[0]] ?? 'modified', path: rest.join('\t') };
    });
  const sections = patch.split(/^diff --git /m).slice(1);
  return names.map((name, i) => {
    const section = sections[i] ?? '';
    const hunk = section.search(/^@@ /m);
    return {
      ...name,
      diff: hunk >= 0 ? section.slice(hunk).replace(/\n$/, '') : '',
    };
  });
}
