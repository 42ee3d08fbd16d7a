import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { toYaml } from '../render/yaml';
import { checkTenantFiles } from './checkTenantFiles';
import { tenantFileRules } from './tenantFileRules';

/** Folder of the repository's CI files; CODEOWNERS makes it platform-owned, like `platform/`. */
export const REPOSITORY_CHECK_DIR = '.github';
export const CHECK_SCRIPT_PATH = `${REPOSITORY_CHECK_DIR}/certificates/check-tenant-files.mjs`;
export const CHECK_WORKFLOW_PATH = `${REPOSITORY_CHECK_DIR}/workflows/certificates-tenant-files.yml`;
export const CODEOWNERS_PATH = `${REPOSITORY_CHECK_DIR}/CODEOWNERS`;
/** Name of the workflow's job: the status check branch protection must require. */
export const CHECK_JOB_NAME = 'tenant-files';

/**
 * The check script: git's tree of `tenants/` at HEAD, judged by
 * {@link checkTenantFiles} itself (its source is embedded, so the backend and
 * the pull request check run the same code) with the rules of this platform.
 */
function checkScript(platform: PlatformModel): string {
  return [
    '// Rendered by the Backstage certificates platform: do not edit (a platform bootstrap rewrites it).',
    '// Fails when any file under tenants/ is not a Certificate or PushSecret manifest of its team (docs/security.md).',
    "import { execFileSync } from 'node:child_process';",
    "import { loadAll } from 'js-yaml';",
    '',
    `const rules = ${JSON.stringify(tenantFileRules(platform), null, 2)};`,
    '',
    `const checkTenantFiles = ${checkTenantFiles.toString()};`,
    '',
    "const git = args => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 28 });",
    "const entries = git(['ls-tree', '-r', '-z', 'HEAD', '--', `${rules.tenantsDir}/`])",
    "  .split('\\0')",
    '  .filter(Boolean)',
    '  .map(line => {',
    "    const [meta, path] = line.split('\\t');",
    "    const [mode, type, object] = meta.split(' ');",
    "    const content = type === 'blob' ? git(['cat-file', 'blob', object]) : '';",
    '    return { path, mode, content };',
    '  });',
    'const problems = checkTenantFiles(entries, rules, text => loadAll(text));',
    'for (const problem of problems) console.error(problem);',
    'console.log(`${entries.length} files under ${rules.tenantsDir}/, ${problems.length} problems`);',
    'process.exit(problems.length > 0 ? 1 : 0);',
    '',
  ].join('\n');
}

/** A GitHub Actions workflow running the check on every pull request and push. */
function checkWorkflow(platform: PlatformModel): string {
  return toYaml({
    name: 'certificates: tenant files',
    on: {
      pull_request: {},
      push: { branches: [platform.config.argocd.targetRevision] },
    },
    permissions: { contents: 'read' },
    jobs: {
      [CHECK_JOB_NAME]: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': '22' } },
          {
            name: 'Install the YAML parser the check uses',
            run: 'npm install --no-save --ignore-scripts js-yaml@4.1.0',
          },
          {
            name: 'Every file under tenants/ is a Certificate or PushSecret of its team',
            run: `node ${CHECK_SCRIPT_PATH}`,
          },
        ],
      },
    },
  });
}

/**
 * CODEOWNERS: `platform/` and the CI files need a platform owner's review,
 * each `tenants/<team>/` its team's. Owners come from
 * `repository.platformOwners` and each team's `codeOwners`; without owners a
 * line would be ignored by GitHub, so it is left out and docs/security.md
 * names the setting as required.
 */
function codeOwners(platform: PlatformModel): string {
  const { platformOwners } = platform.config.repository;
  const lines = [
    '# Rendered by the Backstage certificates platform (docs/security.md).',
  ];
  if (platformOwners.length > 0)
    lines.push(
      `* ${platformOwners.join(' ')}`,
      `/platform/ ${platformOwners.join(' ')}`,
      `/${REPOSITORY_CHECK_DIR}/ ${platformOwners.join(' ')}`,
    );
  for (const team of platform.config.teams)
    if (team.codeOwners.length > 0)
      lines.push(`/tenants/${team.name}/ ${team.codeOwners.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** The repository check as the platform bundle ships it: script, workflow and CODEOWNERS. */
export function renderRepositoryCheckFiles(
  platform: PlatformModel,
): RenderedFile[] {
  return [
    { path: CHECK_SCRIPT_PATH, content: checkScript(platform) },
    { path: CHECK_WORKFLOW_PATH, content: checkWorkflow(platform) },
    { path: CODEOWNERS_PATH, content: codeOwners(platform) },
  ];
}
