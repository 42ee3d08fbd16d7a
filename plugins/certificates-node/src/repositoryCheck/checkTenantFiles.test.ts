import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadAll } from 'js-yaml';
import { renderRequestFiles } from '../render';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import {
  createTestPlatform,
  resolveOrThrow,
  testPlatformConfig,
} from '../testing/platforms';
import { checkTenantFiles, RepositoryFile } from './checkTenantFiles';
import {
  CHECK_SCRIPT_PATH,
  CODEOWNERS_PATH,
  renderRepositoryCheckFiles,
} from './renderRepositoryCheckFiles';
import { tenantFileRules } from './tenantFileRules';

const platform = createTestPlatform();
const rules = tenantFileRules(platform);
const check = (files: RepositoryFile[]) =>
  checkTenantFiles(files, rules, text => loadAll(text));
const file = (p: string, content: string, mode = '100644'): RepositoryFile => ({
  path: p,
  mode,
  content,
});

const rendered = renderRequestFiles(
  resolveOrThrow(
    {
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'shop',
      issuer: 'letsencrypt-prod',
    },
    platform,
  ),
  platform,
).map(f => file(f.path, f.content));
const certificate = rendered.find(f => f.path.endsWith('/certificate.yaml'))!;

describe('checkTenantFiles', () => {
  it('allows every file a request renders, and ignores files outside tenants/', () => {
    expect(rendered.some(f => f.path.startsWith('tenants/team-a/'))).toBe(true);
    expect(check(rendered)).toEqual([]);
  });

  it.each([
    ['tenants/team-a/.argocd-source.yaml', 'an Argo CD source override'],
    [
      'tenants/team-a/certificates/.argocd-source-tenant-team-a.yaml',
      'an Argo CD source override',
    ],
    ['tenants/team-a/kustomization.yaml', 'a Kustomize file'],
    ['tenants/team-a/certificates/x/kustomization.yml', 'a Kustomize file'],
    ['tenants/team-a/Chart.yaml', 'a Helm chart file'],
    ['tenants/team-a/values.yaml', 'a Helm chart file'],
    ['tenants/team-a/certificates/x/certificate.jsonnet', 'Jsonnet'],
    ['tenants/team-a/lib.libsonnet', 'Jsonnet'],
  ])('refuses %s as %s', (p, what) => {
    expect(check([file(p, 'x: 1')])).toEqual([
      `${p}: not allowed (${what}); a team folder holds only tenants/team-a/certificates/<name>/certificate.yaml or pushsecret.yaml, one manifest each`,
    ]);
  });

  it('refuses any other file name or depth', () => {
    const problems = check([
      file('tenants/team-a/secret.yaml', certificate.content),
      file('tenants/team-a/certificates/x/y/certificate.yaml', 'a: 1'),
      file('tenants/team-a/README.md', '# hi'),
    ]);
    expect(problems).toHaveLength(3);
    for (const p of problems)
      expect(p).toMatch(/^tenants\/team-a\/.*: not allowed; a team folder/);
  });

  it('refuses a symbolic link and a submodule even under an allowed name', () => {
    const p = certificate.path;
    expect(
      check([
        file(p, '../../../team-b/certificates/x/certificate.yaml', '120000'),
      ]),
    ).toEqual([
      `${p}: must be a regular file (git mode 100644), not a symbolic link`,
    ]);
    expect(check([file(p, '', '160000')])).toEqual([
      `${p}: must be a regular file (git mode 100644), not mode 160000`,
    ]);
  });

  it('refuses a Secret, a second document, another namespace, another name and an unknown team', () => {
    const p = certificate.path;
    const secret =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-example-com\n  namespace: team-a\n';
    expect(check([file(p, secret)])).toEqual([
      `${p}: must be a Certificate (apiVersion cert-manager.io/v1), found Secret (v1)`,
    ]);
    expect(check([file(p, `${certificate.content}---\n${secret}`)])).toEqual([
      `${p}: must hold exactly one manifest, found 2`,
    ]);
    const foreign = certificate.content.replace(
      'namespace: team-a',
      'namespace: team-b',
    );
    expect(check([file(p, foreign)])).toEqual([
      `${p}: metadata.namespace must be team-a, found team-b`,
    ]);
    const renamed = certificate.content.replace(
      'name: shop-example-com\n',
      'name: other\n',
    );
    expect(check([file(p, renamed)])).toEqual([
      `${p}: metadata.name must be shop-example-com (its folder), found other`,
    ]);
    expect(
      check([file('tenants/mallory/certificates/x/certificate.yaml', 'a: 1')]),
    ).toEqual([
      'tenants/mallory/certificates/x/certificate.yaml: mallory is not a configured team',
    ]);
    expect(check([file(p, 'a: [')])[0]).toMatch(/is not valid YAML/);
  });
});

describe('the rendered repository check', () => {
  const files = renderRepositoryCheckFiles(platform);
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  const write = (p: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, p)), { recursive: true });
    fs.writeFileSync(path.join(repo, p), content);
  };
  /** Commits what is in the work tree and runs the shipped script in it, with this package's js-yaml. */
  const runCheck = () => {
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'change');
    return spawnSync('node', [path.join(repo, CHECK_SCRIPT_PATH)], {
      cwd: repo,
      encoding: 'utf8',
    });
  };

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-check-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    for (const f of [...files, ...rendered]) write(f.path, f.content);
    // ESM resolves bare imports from the script's folder upwards, not NODE_PATH: link js-yaml there.
    fs.mkdirSync(path.join(repo, 'node_modules'));
    fs.symlinkSync(
      path.dirname(require.resolve('js-yaml/package.json')),
      path.join(repo, 'node_modules', 'js-yaml'),
    );
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('passes a repository holding only rendered files', () => {
    const result = runCheck();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('2 files under tenants/, 0 problems');
    expect(result.status).toBe(0);
  });

  it('fails on an Argo CD source override, a kustomization and a symbolic link, naming each', () => {
    write('tenants/team-a/.argocd-source.yaml', 'directory: null\nhelm: {}\n');
    write('tenants/team-a/kustomization.yaml', 'resources: []\n');
    fs.symlinkSync(
      '../../../../platform',
      path.join(repo, 'tenants/team-a/certificates/shop-example-com/link.yaml'),
    );
    const result = runCheck();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'tenants/team-a/.argocd-source.yaml: not allowed (an Argo CD source override)',
    );
    expect(result.stderr).toContain(
      'tenants/team-a/kustomization.yaml: not allowed (a Kustomize file)',
    );
    expect(result.stderr).toContain(
      'tenants/team-a/certificates/shop-example-com/link.yaml: not allowed',
    );
    expect(result.stdout).toContain('5 files under tenants/, 3 problems');
  });

  it('renders CODEOWNERS from the configured owners: platform/ and .github/ to the platform, tenants/<team>/ to the team', () => {
    const config = testPlatformConfig();
    const owned = createPlatformModel({
      ...config,
      repository: { platformOwners: ['@example/platform-admins'] },
      teams: config.teams.map(t =>
        t.name === 'team-a' ? { ...t, codeOwners: ['@example/team-a'] } : t,
      ),
    });
    const codeowners = renderRepositoryCheckFiles(owned).find(
      f => f.path === CODEOWNERS_PATH,
    )!.content;
    expect(codeowners).toContain('/platform/ @example/platform-admins');
    expect(codeowners).toContain('/.github/ @example/platform-admins');
    expect(codeowners).toContain('* @example/platform-admins');
    expect(codeowners).toContain('/tenants/team-a/ @example/team-a');
    // Without owners GitHub would ignore the line: none is rendered.
    expect(codeowners).not.toContain('/tenants/team-b/');
  });
});
