import { PlatformModel } from '@internal/plugin-certificates-common';
import { renderPlatformFiles } from '@internal/plugin-certificates-node';
import { GitopsTarget } from '../Gitops';

export type PlatformBundleState = {
  upToDate: boolean;
  missing: string[];
  outdated: string[];
};

/** Which platform files the base branch lacks or holds in another version than the configuration renders. */
export async function platformBundleState(
  platform: PlatformModel,
  gitops: Pick<GitopsTarget, 'readBaseFile'>,
): Promise<PlatformBundleState> {
  const files = renderPlatformFiles(platform);
  const base = await Promise.all(
    files.map(file => gitops.readBaseFile(file.path)),
  );
  const missing = files
    .filter((_, i) => base[i] === undefined)
    .map(f => f.path);
  const outdated = files
    .filter((f, i) => base[i] !== undefined && base[i] !== f.content)
    .map(f => f.path);
  return {
    upToDate: missing.length === 0 && outdated.length === 0,
    missing,
    outdated,
  };
}
