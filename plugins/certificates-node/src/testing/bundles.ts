import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { renderPlatformFiles, renderRequestFiles } from '../render';
import { resolveOrThrow } from './platforms';

/** A request bundle per team of the test platform plus the platform bundle. */
export function renderSampleBundles(platform: PlatformModel): RenderedFile[][] {
  const requests = [
    {
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'api.shop',
      issuer: 'letsencrypt-prod',
      keyAlgorithm: 'RSA-3072',
      additionalNames: ['*.team-a.example.com'],
    },
    {
      team: 'team-b',
      domain: 'example.org',
      issuer: 'letsencrypt-staging',
      keyAlgorithm: 'ECDSA-P384',
      name: 'apex',
    },
    {
      team: 'no',
      domain: 'example.com',
      subdomain: 'no',
      wildcard: true,
      issuer: 'letsencrypt-staging',
    },
  ];
  return [
    renderPlatformFiles(platform),
    ...requests.map(r =>
      renderRequestFiles(resolveOrThrow(r, platform), platform),
    ),
  ];
}

/** Files joined into one text with a `### <path>` header each, for golden files. */
export function concatFiles(files: RenderedFile[]): string {
  return files.map(f => `### ${f.path}\n${f.content}`).join('\n');
}
