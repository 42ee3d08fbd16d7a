import { load } from 'js-yaml';
import { PlatformModel } from '@internal/plugin-certificates-common';
import { renderPlatformFiles } from '.';
import { renderTenantFiles } from './tenant';
import { TENANT_FILES } from './tenant/appProject';

/** The ACME objects cert-manager writes for a Certificate; the platform's status reads them. */
const ACME_API_VERSION = 'acme.cert-manager.io/v1';

/**
 * Every `group/version` the cluster must serve for the platform to hold:
 * each apiVersion the renderers emit (platform bundle, a team's platform
 * files, a certificate's files) and the ACME objects. Derived from the
 * rendered files, so a renderer moving to another version moves this list.
 * The core group (`v1`) is served at `/api`, not listed here.
 */
export function requiredApiVersions(platform: PlatformModel): string[] {
  const team = platform.teamNames()[0];
  const files = [
    ...renderPlatformFiles(platform),
    ...(team ? renderTenantFiles(team, platform) : []),
  ].filter(f => f.path.endsWith('.yaml') && !f.path.startsWith('.github/'));
  const versions = new Set<string>([
    ACME_API_VERSION,
    ...TENANT_FILES.map(f => f.apiVersion),
  ]);
  for (const file of files) {
    const doc = load(file.content) as { apiVersion?: unknown };
    if (typeof doc?.apiVersion === 'string') versions.add(doc.apiVersion);
  }
  return [...versions].filter(v => v.includes('/')).sort();
}
