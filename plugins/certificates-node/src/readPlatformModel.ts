import { Config } from '@backstage/config';
import {
  createPlatformModel,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles } from './render';

/**
 * Reads `certificates` from app-config into the platform model and renders
 * the platform bundle once, so that every setting the renderer checks (the
 * monitoring section, the Vault key template) fails at start-up with its
 * config path, not later in a preview or a pull request.
 */
export function readPlatformModel(config: Config): PlatformModel {
  const platform = createPlatformModel(config.getConfig('certificates').get());
  renderPlatformFiles(platform);
  return platform;
}
