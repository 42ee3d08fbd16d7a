import { ResolvedCertificateRequest } from '@internal/plugin-certificates-common';

/** Deterministic branch for one certificate of one team. */
export function branchFor(resolved: ResolvedCertificateRequest): string {
  return `certificates/${resolved.request.team}/${resolved.certificateName}`;
}

/**
 * Free text in a fenced code block: GitHub renders no HTML, no @mention
 * and no `closes #n` inside one. The fence is longer than any backtick run
 * in the text, so the text cannot close it.
 */
export function inertBlock(text: string): string {
  const longestRun = Math.max(
    0,
    ...(text.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}

/** Names in a table cell: escaped so a name can never break the table or add markup. */
function code(value: string): string {
  return `\`${value.replace(/[`|\\]/g, '')}\``;
}

export function pullRequestTitle(resolved: ResolvedCertificateRequest): string {
  return `Certificate ${resolved.names[0]} for ${resolved.request.team}`;
}

export function pullRequestBody(options: {
  resolved: ResolvedCertificateRequest;
  requestId: string;
  requestedBy: string;
  paths: string[];
}): string {
  const { resolved, requestId, requestedBy, paths } = options;
  const r = resolved.request;
  const lines = [
    `Requested in Backstage by ${code(requestedBy)} for team ${code(r.team)}.`,
    '',
    '| | |',
    '|---|---|',
    `| Certificate | ${code(resolved.certificateName)} |`,
    `| Names | ${resolved.names.map(code).join(', ')} |`,
    `| Issuer | ${code(r.issuer)} |`,
    `| Key | ${code(r.keyAlgorithm)} |`,
    `| Request | ${code(requestId)} |`,
    '',
    '### Files',
    '',
    '| File |',
    '|---|',
    ...paths.map(p => `| ${code(p)} |`),
  ];
  if (r.justification) {
    lines.push('', '### Justification', '', inertBlock(r.justification));
  }
  return `${lines.join('\n')}\n`;
}

export function platformPullRequestBody(options: {
  requestedBy: string;
  paths: string[];
}): string {
  const lines = [
    `Platform bundle rendered by Backstage from the \`certificates\` configuration, requested by ${code(
      options.requestedBy,
    )}.`,
    '',
    'It holds the ClusterIssuers with their DNS-01 solvers, the Argo CD ApplicationSet and Application,',
    'the alert rules and dashboard, and the admission policies that keep tenants apart.',
    '',
    '### Files',
    '',
    '| File |',
    '|---|',
    ...options.paths.map(p => `| ${code(p)} |`),
  ];
  return `${lines.join('\n')}\n`;
}
