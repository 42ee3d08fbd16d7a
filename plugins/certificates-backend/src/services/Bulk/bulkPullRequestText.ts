import { ResolvedCertificateRequest } from '@internal/plugin-certificates-common';
import { code, inertBlock, pullRequestTitle } from '../PublishService';

/** One branch per team and batch: a later batch never mistakes an earlier one's pull request for its own. */
export function batchBranch(team: string, batchId: string): string {
  return `certificates/${team}/batch-${batchId}`;
}

export function batchPullRequestTitle(
  team: string,
  requests: ResolvedCertificateRequest[],
): string {
  return requests.length === 1
    ? pullRequestTitle(requests[0])
    : `${requests.length} certificates for ${team}`;
}

/** GitHub refuses descriptions over 65,536 characters: long lists are cut, the request ids stay in Backstage. */
const MAX_CERTIFICATE_ROWS = 100;
const MAX_FILE_ROWS = 200;

function capped(rows: string[], max: number, what: string): string[] {
  if (rows.length <= max) return rows;
  return [
    ...rows.slice(0, max),
    `| … and ${
      rows.length - max
    } more ${what} (see the bulk request in Backstage) |`,
  ];
}

/**
 * The description of a team's batch pull request: one table row per
 * certificate, the files that differ from the base, and each distinct
 * justification inertly.
 */
export function batchPullRequestBody(options: {
  team: string;
  batchId: string;
  requestedBy: string;
  requests: Array<{ id: string; resolved: ResolvedCertificateRequest }>;
  paths: string[];
}): string {
  const { team, batchId, requestedBy, requests, paths } = options;
  const lines = [
    `Requested in Backstage by ${code(requestedBy)} for team ${code(
      team,
    )} as part of bulk request ${code(batchId)}.`,
    '',
    '| Certificate | Names | Issuer | Key | Request |',
    '|---|---|---|---|---|',
    ...capped(
      requests.map(
        ({ id, resolved }) =>
          `| ${code(resolved.certificateName)} | ${resolved.names
            .map(code)
            .join(', ')} | ${code(resolved.request.issuer)} | ${code(
            resolved.request.keyAlgorithm,
          )} | ${code(id)} |`,
      ),
      MAX_CERTIFICATE_ROWS,
      'certificates',
    ),
    '',
    '### Files',
    '',
    '| File |',
    '|---|',
    ...capped(
      paths.map(p => `| ${code(p)} |`),
      MAX_FILE_ROWS,
      'files',
    ),
  ];
  const justifications = [
    ...new Set(
      requests
        .map(r => r.resolved.request.justification)
        .filter((j): j is string => !!j),
    ),
  ];
  if (justifications.length > 0) {
    lines.push('', '### Justification', '');
    for (const j of justifications.slice(0, 10)) lines.push(inertBlock(j), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
