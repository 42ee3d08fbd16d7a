import fs from 'fs';
import os from 'os';
import path from 'path';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import { LocalGitTarget } from './LocalGitTarget';
import { withTenantFileCheck } from './tenantFileCheck';
import { ChangeSet, GitopsConfigurationError } from './types';

const platform = createPlatformModel({
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
      },
    },
  ],
  issuers: [
    {
      name: 'letsencrypt-prod',
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'platform@example.com',
    },
  ],
  teams: [{ name: 'team-a' }],
});

const certificate = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: shop-example-com
  namespace: team-a
spec:
  secretName: shop-example-com-tls
`;

const change = (files: ChangeSet['files']): ChangeSet => ({
  branch: `certificates/${files.length}-${files[0].path.length}`,
  title: 'A certificate',
  body: () => 'body',
  commitMessage: 'A certificate',
  files,
  labels: [],
  reviewers: [],
  author: { name: 'Backstage', email: 'backstage@example.com' },
});

describe('withTenantFileCheck', () => {
  let dir: string;
  let local: LocalGitTarget;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-check-'));
    local = await LocalGitTarget.create({ dir, baseBranch: 'main' });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('opens a pull request whose tenant files pass the check, through the wrapped target', async () => {
    const checked = withTenantFileCheck(local, platform);
    const saved: unknown[] = [];
    const pr = await checked.openPullRequest(
      change([
        {
          path: 'tenants/team-a/certificates/shop-example-com/certificate.yaml',
          content: certificate,
        },
      ]),
      {},
      async p => {
        saved.push(p);
      },
    );
    expect(pr.number).toBeGreaterThan(0);
    expect(saved.length).toBeGreaterThan(0);
    // The rest of the target is untouched: the local target can still merge.
    await checked.merge(pr);
    expect(
      await checked.readBaseFile(
        'tenants/team-a/certificates/shop-example-com/certificate.yaml',
      ),
    ).toBe(certificate);
  });

  it('refuses to rename a merged Certificate in place (admission would refuse the sync), but not to re-write it unchanged', async () => {
    const checked = withTenantFileCheck(local, platform);
    const file =
      'tenants/team-a/certificates/shop-example-com/certificate.yaml';
    const withNames = (...names: string[]) =>
      `${certificate}  dnsNames:\n${names.map(n => `    - ${n}\n`).join('')}`;
    const first = await checked.openPullRequest(
      change([{ path: file, content: withNames('shop.example.com') }]),
      {},
      async () => {},
    );
    await checked.merge(first);
    const renamed = checked.openPullRequest(
      {
        ...change([{ path: file, content: withNames('www.shop.example.com') }]),
        branch: 'certificates/rename',
      },
      {},
      async () => {},
    );
    await expect(renamed).rejects.toThrow(
      `${file}: spec.dnsNames cannot change on an existing Certificate (now shop.example.com; asked www.shop.example.com): request a certificate under a new name and decommission this one`,
    );
    const same = await checked.openPullRequest(
      {
        ...change([
          {
            path: file,
            content: `# unchanged names\n${withNames('shop.example.com')}`,
          },
        ]),
        branch: 'certificates/same',
      },
      {},
      async () => {},
    );
    expect(same.number).toBeGreaterThan(first.number);
  });

  it('refuses an Argo CD source override or a foreign namespace before anything is written', async () => {
    const checked = withTenantFileCheck(local, platform);
    const open = jest.spyOn(local, 'openPullRequest');
    for (const [file, message] of [
      [
        { path: 'tenants/team-a/.argocd-source.yaml', content: 'helm: {}\n' },
        'tenants/team-a/.argocd-source.yaml: not allowed (an Argo CD source override)',
      ],
      [
        {
          path: 'tenants/team-a/certificates/shop-example-com/certificate.yaml',
          content: certificate.replace(
            'namespace: team-a',
            'namespace: team-b',
          ),
        },
        'metadata.namespace must be team-a, found team-b',
      ],
    ] as const) {
      const attempt = checked.openPullRequest(
        change([file]),
        {},
        async () => {},
      );
      await expect(attempt).rejects.toThrow(GitopsConfigurationError);
      await expect(attempt).rejects.toThrow(message);
    }
    expect(open).not.toHaveBeenCalled();
  });
});
