import {
  CertificateStatusStepKey,
  CertificateStatusSummary,
  localPullRequestPath,
  PullRequestRef,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { certificateEntityName } from '../../catalog/entityProvider';
import { CertificateEvent, ExpiryWarningWindow } from './types';

/** The request's page in the app. */
export function requestLink(requestId: string): string {
  return `/certificates?request=${encodeURIComponent(requestId)}`;
}

/** The certificate's Resource entity page (from the catalog entity provider). */
export function certificateLink(team: string, certificateName: string): string {
  return `/catalog/default/resource/${certificateEntityName(
    team,
    certificateName,
  )}`;
}

/**
 * A certificate as people name it: its DNS names (`shop.example.com`,
 * `*.shop.example.com`), not the object name derived from them. Long lists
 * keep the first two and a count. Falls back to the object name when a
 * record has no names.
 */
export function certificateTitle(
  names: string[],
  certificateName: string,
): string {
  if (names.length === 0) return certificateName;
  if (names.length <= 2) return names.join(', ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

/**
 * Where a pull request notification leads: the pull request's page in the
 * app for a local pull request (its URL is that page), the request view
 * otherwise; the notifications page opens app paths in place.
 */
export function pullRequestLink(
  pr: PullRequestRef | undefined,
  requestId: string,
): string {
  const local = pr ? localPullRequestPath(pr.number) : undefined;
  if (pr && local && safePath(pr.url) === local) return local;
  return requestLink(requestId);
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function subjectOf(record: StoredCertificateRequest): string {
  return certificateTitle(record.names, record.certificateName);
}

function subject(record: StoredCertificateRequest): string {
  const what = subjectOf(record);
  return record.operation === 'decommission'
    ? `the decommission of ${what}`
    : what;
}

/**
 * What a request record says happened to it. A record shows only its latest
 * state, so a pull request already merged when first seen yields `pr-merged`
 * alone: nobody needs to hear that it was opened.
 */
export function requestEvents(
  record: StoredCertificateRequest,
): CertificateEvent[] {
  const pr = record.pullRequest;
  const base = {
    team: record.team,
    certificateName: record.certificateName,
    subject: subjectOf(record),
    requestId: record.id,
    requester: record.createdBy,
    at: record.updatedAt,
    link: pullRequestLink(pr, record.id),
  };
  // The link opens the pull request (or the request): no raw URL in the text.
  const prText = pr ? `Pull request #${pr.number}` : '';
  // A bulk request's certificates share one pull request: one notification for all of them.
  const group = (kind: string) =>
    pr ? `${record.team}:${kind}:${pr.url}` : undefined;
  switch (record.state) {
    case 'pr-open':
      if (!pr) return [];
      return [
        {
          ...base,
          key: `${record.id}:pr-opened:${pr.number}`,
          kind: 'pr-opened',
          group: group('pr-opened'),
          severity: 'low',
          title: `Pull request opened for ${subject(record)}`,
          description: `${prText} waits for review by the platform team.`,
        },
      ];
    case 'merged':
      return [
        {
          ...base,
          key: `${record.id}:pr-merged`,
          kind: 'pr-merged',
          group: group('pr-merged'),
          severity: 'normal',
          title: `Pull request merged for ${subject(record)}`,
          description: `${prText} was merged; Argo CD syncs it and cert-manager issues the certificate.`,
        },
      ];
    case 'closed':
      return [
        {
          ...base,
          key: `${record.id}:pr-closed`,
          kind: 'pr-closed',
          group: group('pr-closed'),
          severity: 'normal',
          title: `Pull request closed without merging for ${subject(record)}`,
          description: `${prText} was closed unmerged; nothing changes on the clusters. Request again if it is still needed.`,
        },
      ];
    case 'failed':
      // One event per failure: a retry that fails again is news again.
      return [
        {
          ...base,
          link: requestLink(record.id),
          key: `${record.id}:publish-failed:${record.updatedAt}`,
          kind: 'publish-failed',
          severity: 'high',
          title: `Publishing failed for ${subject(record)}`,
          description: `${
            record.failedStep ? `Step "${record.failedStep}" failed: ` : ''
          }${record.error ?? 'unknown error'}. Retry it from the request page.`,
        },
      ];
    default:
      return [];
  }
}

/** Steps whose failure means the certificate is not being issued (or renewed). */
const ISSUING_STEPS: CertificateStatusStepKey[] = [
  'synced',
  'acme',
  'issued',
  'renewal',
];

export type StatusEventContext = {
  now: number;
  window: ExpiryWarningWindow;
};

/** What one certificate's lifecycle says about it now. */
export function statusEvents(
  item: CertificateStatusSummary,
  ctx: StatusEventContext,
): CertificateEvent[] {
  const { team, certificateName, steps } = item;
  // The ledger key stays the object's identity; people read its DNS names.
  const ref = `${team}/${certificateName}`;
  const name = certificateTitle(item.names, certificateName);
  const base = {
    team,
    certificateName,
    subject: name,
    requestId: steps.requested.requestId,
    requester: steps.requested.by,
    link: certificateLink(team, certificateName),
  };
  const events: CertificateEvent[] = [];
  const issued = steps.issued.issued;
  const notAfter = issued?.notAfter;

  if (steps.issued.state === 'done' && issued?.ready && notAfter) {
    // Keyed by notAfter: every renewal is a new certificate, and news.
    events.push({
      ...base,
      key: `${ref}:ready:${notAfter}`,
      kind: 'ready',
      at: issued.notBefore ?? steps.issued.time,
      severity: 'normal',
      title: `Certificate ${name} is ready`,
      description: `Issued for ${item.names.join(
        ', ',
      )}, valid until ${notAfter}.`,
    });
  }

  const failure = item.failure;
  if (failure && ISSUING_STEPS.includes(failure.step)) {
    const step = steps[failure.step];
    const reason = failure.reason ?? step.reason;
    events.push({
      ...base,
      // Once per step and issuance cycle: cert-manager's retries of the same failure are not news.
      key: `${ref}:issue-failed:${failure.step}:${notAfter ?? 'first'}`,
      kind: 'issue-failed',
      at: step.time,
      severity: 'high',
      title: `Certificate ${name} fails to issue (${failure.step})`,
      description: reason
        ? `${reason.source}: ${reason.message}`
        : failure.message ?? step.message ?? `step ${failure.step} failed`,
    });
  }

  const expiry = notAfter ? Date.parse(notAfter) : NaN;
  if (Number.isFinite(expiry)) {
    const plannedRenewal =
      Date.parse(issued?.renewalTime ?? '') ||
      expiry - ctx.window.renewBeforeMs;
    if (ctx.now >= expiry) {
      events.push({
        ...base,
        key: `${ref}:expired:${notAfter}`,
        kind: 'expired',
        severity: 'critical',
        title: `Certificate ${name} has expired`,
        description: `It expired at ${notAfter} and was not renewed; clients now reject it.`,
      });
    } else if (ctx.now > plannedRenewal + ctx.window.marginMs) {
      events.push({
        ...base,
        key: `${ref}:expiring:${notAfter}`,
        kind: 'expiring',
        severity: 'high',
        title: `Certificate ${name} expires ${notAfter} and was not renewed`,
        description: `cert-manager should have renewed it at ${new Date(
          plannedRenewal,
        ).toISOString()}. See the runbook CertificateExpiryWarning.`,
      });
    }
  }

  const vault = steps.vault;
  if (vault.state === 'failed' && vault.vault?.stale) {
    events.push({
      ...base,
      key: `${ref}:vault-stale:${vault.vault.lastIssuance ?? notAfter}`,
      kind: 'vault-stale',
      at: undefined,
      severity: 'high',
      title: `Vault's copy of ${name} is stale`,
      description:
        vault.reason?.message ??
        `Vault ${vault.vault.path} is older than the certificate's last issuance.`,
    });
  }
  return events;
}
