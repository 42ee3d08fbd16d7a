import fs from 'fs';
import path from 'path';
import { renderPlatformFiles, renderRequestFiles } from '..';
import { concatFiles } from '../../testing/bundles';
import {
  createTestPlatform,
  DNS_PROVIDER_VARIANTS,
  resolveOrThrow,
} from '../../testing/platforms';

/**
 * Byte-for-byte golden files. Rewrite them with
 * `UPDATE_GOLDEN=1 CI=true yarn backstage-cli package test golden`
 * and review the diff.
 */
const GOLDEN_DIR = path.resolve(__dirname, '../__fixtures__/golden');
const update = process.env.UPDATE_GOLDEN === '1';

/** The golden text `name`; with UPDATE_GOLDEN=1, `actual` is written first. */
function golden(name: string, actual: string): string {
  const file = path.join(GOLDEN_DIR, name);
  if (update) {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file))
    throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1`);
  return fs.readFileSync(file, 'utf8');
}

describe('golden files', () => {
  it.each(Object.keys(DNS_PROVIDER_VARIANTS))(
    'platform bundle with DNS provider %s',
    variant => {
      const platform = createTestPlatform(DNS_PROVIDER_VARIANTS[variant]);
      const actual = concatFiles(renderPlatformFiles(platform));
      expect(actual).toBe(golden(`platform-${variant}.txt`, actual));
    },
  );

  it('tenant bundle of team-a with one certificate', () => {
    const platform = createTestPlatform();
    const resolved = resolveOrThrow(
      {
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'api.shop',
        issuer: 'letsencrypt-prod',
        keyAlgorithm: 'RSA-3072',
        additionalNames: ['*.team-a.example.com', 'www.team-a.example.com'],
      },
      platform,
    );
    const actual = concatFiles(renderRequestFiles(resolved, platform));
    expect(actual).toBe(golden('tenant-team-a.txt', actual));
  });

  it('tenant bundle of the team named "no" with custom vault and tenant settings', () => {
    const platform = createTestPlatform();
    const custom = {
      ...platform,
      config: {
        ...platform.config,
        duration: '720h',
        renewBefore: '240h',
        remoteKeyTemplate: 'tls/{team}/{certificate}',
        vault: {
          server: 'https://vault.example.com:8200',
          kvMount: 'secret',
          kubernetesAuthMount: 'k8s-prod',
          configNamespace: 'vault-config',
        },
        tenant: {
          ...platform.config.tenant,
          ingressControllerNamespace: 'traefik',
          resourceQuota: { pods: '5', 'requests.cpu': '1' },
          maxCertificates: 10,
        },
        argocd: {
          ...platform.config.argocd,
          namespace: 'gitops',
          repoURL: 'https://git.example.com/gitops.git',
          targetRevision: 'release',
        },
      },
    };
    const resolved = resolveOrThrow(
      {
        team: 'no',
        domain: 'example.com',
        subdomain: 'no',
        wildcard: true,
        issuer: 'letsencrypt-staging',
      },
      custom,
    );
    const actual = concatFiles(renderRequestFiles(resolved, custom));
    expect(actual).toBe(golden('tenant-no-custom.txt', actual));
  });
});
