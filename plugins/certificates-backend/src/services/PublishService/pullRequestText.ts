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
export function code(value: string): string {
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
  /** What changed since the previous version of the pull request. */
  changeNote?: string;
  approved?: boolean;
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
    ...changeSection(options.changeNote, !!options.approved),
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

/**
 * The part of a changed request's description that tells reviewers what
 * changed since the version they saw, and that an approval predates it
 * (branch protection decides whether GitHub keeps that approval).
 */
export function changeSection(
  changeNote: string | undefined,
  approved: boolean,
): string[] {
  if (!changeNote) return [];
  return [
    '',
    '### Changed since the last review',
    '',
    ...changeNote.split('\n').map(line => `- ${line}`),
    ...(approved
      ? [
          '',
          '**This pull request was approved before this change: please review it again.**',
        ]
      : []),
  ];
}

export function decommissionTitle(resolved: ResolvedCertificateRequest) {
  return `Decommission certificate ${resolved.names[0]} of ${resolved.request.team}`;
}

export function decommissionPullRequestBody(options: {
  resolved: ResolvedCertificateRequest;
  requestId: string;
  requestedBy: string;
  paths: string[];
  lastOfTeam: boolean;
}): string {
  const { resolved, requestId, requestedBy, paths, lastOfTeam } = options;
  const lines = [
    `Decommission requested in Backstage by ${code(
      requestedBy,
    )} for team ${code(resolved.request.team)}.`,
    '',
    'Merging removes the Certificate and its PushSecret; the PushSecret has',
    '`deletionPolicy: Delete`, so External Secrets deletes the copy in Vault.',
    ...(lastOfTeam
      ? [
          '',
          "This is the team's last certificate: its namespace bundle goes too.",
        ]
      : []),
    '',
    '| | |',
    '|---|---|',
    `| Certificate | ${code(resolved.certificateName)} |`,
    `| Names | ${resolved.names.map(code).join(', ')} |`,
    `| Request | ${code(requestId)} |`,
    '',
    '### Files removed',
    '',
    '| File |',
    '|---|',
    ...paths.map(p => `| ${code(p)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** What a pull request carries of a request, to tell reviewers what changed between two versions. */
export type PublishedContent = {
  names: string[];
  issuer: string;
  keyAlgorithm: string;
  justification: string;
};

export function publishedContent(
  resolved: ResolvedCertificateRequest,
): PublishedContent {
  return {
    names: [...resolved.names],
    issuer: resolved.request.issuer,
    keyAlgorithm: resolved.request.keyAlgorithm,
    justification: resolved.request.justification ?? '',
  };
}

/** One line per changed field, values escaped as code; the justification's text stays out of it. */
export function describeChange(
  before: PublishedContent,
  after: PublishedContent,
): string | undefined {
  const lines: string[] = [];
  const added = after.names.filter(n => !before.names.includes(n));
  const removed = before.names.filter(n => !after.names.includes(n));
  if (added.length) lines.push(`Names added: ${added.map(code).join(', ')}`);
  if (removed.length)
    lines.push(`Names removed: ${removed.map(code).join(', ')}`);
  if (before.issuer !== after.issuer)
    lines.push(`Issuer: ${code(before.issuer)} → ${code(after.issuer)}`);
  if (before.keyAlgorithm !== after.keyAlgorithm)
    lines.push(
      `Key: ${code(before.keyAlgorithm)} → ${code(
        after.keyAlgorithm,
      )} (a new private key is generated)`,
    );
  if (before.justification !== after.justification)
    lines.push('Justification changed (see below)');
  return lines.length ? lines.join('\n') : undefined;
}
