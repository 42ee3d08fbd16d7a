import {
  PlatformModel,
  ResolvedCertificateRequest,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  renderDecommissionPaths,
  renderRequestFiles,
} from '@internal/plugin-certificates-node';
import { ChangeSet } from '../Gitops';
import {
  branchFor,
  decommissionPullRequestBody,
  decommissionTitle,
  pullRequestBody,
  pullRequestTitle,
} from './pullRequestText';

/** What a pull request needs besides labels, reviewers and author. */
export type RequestChange = Omit<ChangeSet, 'labels' | 'reviewers' | 'author'>;

/** The pull request content of a create (or change) request. */
export function createChange(options: {
  record: StoredCertificateRequest;
  resolved: ResolvedCertificateRequest;
  platform: PlatformModel;
  changeNote?: string;
}): RequestChange {
  const { record, resolved, platform, changeNote } = options;
  const title = pullRequestTitle(resolved);
  return {
    branch: branchFor(resolved),
    title,
    body: (paths, review) =>
      pullRequestBody({
        resolved,
        requestId: record.id,
        requestedBy: record.createdBy,
        paths,
        changeNote,
        approved: review?.approved,
      }),
    commitMessage: `${title}\n\nBackstage certificate request ${record.id}`,
    // Targets leave out files already identical on the base branch.
    files: renderRequestFiles(resolved, platform),
  };
}

/** The team's bundle, as the renderer writes it with each of the team's requests. */
function teamBundleFiles(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
) {
  const own = renderDecommissionPaths(resolved, platform, {
    lastOfTeam: false,
  });
  return renderRequestFiles(resolved, platform).filter(
    f => !own.includes(f.path),
  );
}

/**
 * The pull request of a decommission: removes what the renderer wrote for
 * the certificate, and the team's bundle when no other certificate of the
 * team is live or on its way.
 */
export function decommissionChange(options: {
  record: StoredCertificateRequest;
  resolved: ResolvedCertificateRequest;
  platform: PlatformModel;
  teamRequests: StoredCertificateRequest[];
}): RequestChange {
  const { record, resolved, platform } = options;
  const lastOfTeam = !options.teamRequests.some(
    r =>
      r.certificateName !== record.certificateName &&
      r.operation !== 'decommission' &&
      ['pending', 'pr-open', 'failed', 'merged'].includes(r.state),
  );
  const title = decommissionTitle(resolved);
  return {
    branch: branchFor(resolved),
    title,
    body: paths =>
      decommissionPullRequestBody({
        resolved,
        requestId: record.id,
        requestedBy: record.createdBy,
        paths,
        lastOfTeam,
      }),
    commitMessage: `${title}\n\nBackstage decommission request ${record.id}`,
    // With other certificates, the team bundle stays; written back here in case an
    // earlier version of this pull request removed it (it then differs from the base).
    files: lastOfTeam ? [] : teamBundleFiles(resolved, platform),
    deletions: renderDecommissionPaths(resolved, platform, { lastOfTeam }),
  };
}
