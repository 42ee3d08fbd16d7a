import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { loadAll } from 'js-yaml';
import { checkTenantFiles } from './checkTenantFiles';
import { tenantFileRules } from './tenantFileRules';

export type { RepositoryFile, TenantFileRules } from './checkTenantFiles';
export { checkTenantFiles } from './checkTenantFiles';
export { tenantFileRules } from './tenantFileRules';
export { renderRepositoryCheckFiles } from './renderRepositoryCheckFiles';
export { renamedCertificates } from './renamedCertificates';

/**
 * The repository check on the files of one pull request the backend opens
 * (all written as regular files): the same function the GitOps repository's
 * CI runs. One line per problem, each starting with the path.
 */
export function checkPullRequestFiles(
  files: RenderedFile[],
  platform: PlatformModel,
): string[] {
  return checkTenantFiles(
    files.map(f => ({ path: f.path, mode: '100644', content: f.content })),
    tenantFileRules(platform),
    text => loadAll(text),
  );
}
