import {
  PlatformModel,
  RenderedFile,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '@internal/plugin-certificates-node';
import { ChangeSet, withPullRequestDefaults } from '../Gitops';
import {
  batchBranch,
  batchPullRequestBody,
  batchPullRequestTitle,
} from './bulkPullRequestText';

/**
 * The change set of one team's share of a batch: every certificate's files
 * (rendered by certificates-node, the team's own files once) on one branch.
 */
export function batchChangeSet(options: {
  team: string;
  batchId: string;
  requestedBy: string;
  requests: Array<{ id: string; resolved: ResolvedCertificateRequest }>;
  platform: PlatformModel;
  labels?: string[];
  reviewers?: string[];
}): ChangeSet {
  const { team, batchId, requests, platform } = options;
  const files = new Map<string, RenderedFile>();
  for (const { resolved } of requests)
    for (const file of renderRequestFiles(resolved, platform))
      files.set(file.path, file);
  const resolvedList = requests.map(r => r.resolved);
  const title = batchPullRequestTitle(team, resolvedList);
  return withPullRequestDefaults(
    {
      branch: batchBranch(team, batchId),
      title,
      body: paths =>
        batchPullRequestBody({
          team,
          batchId,
          requestedBy: options.requestedBy,
          requests,
          paths,
        }),
      commitMessage: `${title}\n\nBackstage bulk request ${batchId}: ${requests
        .map(r => r.resolved.certificateName)
        .join(', ')}`.slice(0, 4000),
      files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)),
    },
    options,
  );
}
