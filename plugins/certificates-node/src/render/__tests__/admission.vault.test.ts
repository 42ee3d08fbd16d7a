import {
  createPlatformModel,
  PlatformModel,
} from '@internal/plugin-certificates-common';
import { load } from 'js-yaml';
import { renderTenantFiles } from '..';
import {
  matchingRules,
  parseVaultPolicy,
  vaultPathMatches,
  VaultPathRule,
} from '../admission/__testUtils__/vaultPolicy';
import {
  createTestPlatform,
  testPlatformConfig,
} from '../../testing/platforms';

const platform = createTestPlatform();
const twins = createPlatformModel({
  ...testPlatformConfig(),
  teams: [
    { name: 'team-a' },
    { name: 'team-ab' },
    { name: 'team' },
    { name: 'a' },
  ],
});
const custom = createPlatformModel({
  ...testPlatformConfig(),
  teams: [{ name: 'team-a' }, { name: 'team-ab' }],
  remoteKeyTemplate: 'tls/{team}/{certificate}',
  vault: { kvMount: 'secret' },
});

describe('Vault path matcher (Vault ACL glob rules)', () => {
  it('treats a trailing * as a prefix glob and nothing else', () => {
    expect(
      vaultPathMatches('kv/data/certs/team-a/*', 'kv/data/certs/team-a/api'),
    ).toBe(true);
    expect(
      vaultPathMatches('kv/data/certs/team-a/*', 'kv/data/certs/team-a/x/y'),
    ).toBe(true);
    expect(
      vaultPathMatches('kv/data/certs/team-a/*', 'kv/data/certs/team-ab/api'),
    ).toBe(false);
    expect(
      vaultPathMatches('kv/data/certs/team-a/*', 'kv/data/certs/team-a'),
    ).toBe(false);
    expect(
      vaultPathMatches('kv/data/certs/team-a*', 'kv/data/certs/team-ab/api'),
    ).toBe(true);
    expect(vaultPathMatches('kv/data/*/team-a', 'kv/data/x/team-a')).toBe(
      false,
    );
    expect(
      vaultPathMatches('kv/data/certs/team-a', 'kv/data/certs/team-a'),
    ).toBe(true);
    expect(
      vaultPathMatches('kv/data/certs/team-a', 'kv/data/certs/team-a/x'),
    ).toBe(false);
  });

  it('treats + as exactly one path segment', () => {
    expect(
      vaultPathMatches('kv/+/certs/team-a/*', 'kv/data/certs/team-a/api'),
    ).toBe(true);
    expect(
      vaultPathMatches('kv/+/certs/team-a/*', 'kv/data/x/certs/team-a/api'),
    ).toBe(false);
    expect(vaultPathMatches('kv/data/+', 'kv/data/a')).toBe(true);
    expect(vaultPathMatches('kv/data/+', 'kv/data/a/b')).toBe(false);
    expect(vaultPathMatches('kv/data/+/api', 'kv/data/team-b/api')).toBe(true);
  });
});

async function policiesOf(p: PlatformModel, team: string) {
  const files = renderTenantFiles(team, p);
  const out: Record<string, VaultPathRule[]> = {};
  for (const file of ['policy', 'reader-policy']) {
    const hcl = files.find(
      f => f.path === `platform/tenants/${team}/vault/${file}.hcl`,
    )!.content;
    const yaml = load(
      files.find(f => f.path === `platform/tenants/${team}/vault/${file}.yaml`)!
        .content,
    ) as any;
    expect(yaml.spec.policy).toBe(hcl);
    out[file] = await parseVaultPolicy(hcl, `${file}.hcl`);
  }
  return out;
}

describe('rendered Vault policies, parsed with HashiCorp HCL (hcl2json)', () => {
  it.each([
    ['the test platform', platform, 'kv', 'certs'],
    ['prefix twins team / team-a / team-ab / a', twins, 'kv', 'certs'],
    ['a custom mount and key template', custom, 'secret', 'tls'],
  ] as const)(
    '%s: each tenant reaches its own keys and none of another tenant',
    async (_label, p, mount, prefix) => {
      const teams = p.teamNames();
      let checked = 0;
      for (const team of teams) {
        const policies = await policiesOf(p, team);
        expect(
          Object.values(policies)
            .flat()
            .every(
              r => !r.path.slice(0, -1).includes('*') && r.path.endsWith('/*'),
            ),
        ).toBe(true);
        for (const [file, rules] of Object.entries(policies)) {
          const caps =
            file === 'policy'
              ? ['create', 'update', 'read', 'delete']
              : ['read'];
          for (const kind of ['data', 'metadata']) {
            for (const key of ['api', 'api-v2', 'x/y']) {
              const own = matchingRules(
                rules,
                `${mount}/${kind}/${prefix}/${team}/${key}`,
              );
              expect(own.map(r => r.capabilities)).toEqual([caps]);
              checked++;
            }
            for (const other of teams.filter(t => t !== team)) {
              for (const path of [
                `${prefix}/${other}/api`,
                `${prefix}/${other}`,
                `${prefix}/${other}/`,
              ]) {
                expect(
                  matchingRules(rules, `${mount}/${kind}/${path}`),
                ).toEqual([]);
                checked++;
              }
            }
            // never the folder itself, a sibling with the team as prefix, or anything outside the mount
            for (const path of [
              `${prefix}/${team}`,
              `${prefix}/${team}x/api`,
              `${prefix}/${team}-b/api`,
              `${prefix}/api`,
            ]) {
              expect(matchingRules(rules, `${mount}/${kind}/${path}`)).toEqual(
                [],
              );
            }
          }
          expect(matchingRules(rules, `sys/policy/${team}`)).toEqual([]);
          expect(
            matchingRules(
              rules,
              `${mount}/data/${prefix}/${team}/api`.replace(
                `${mount}/`,
                'other/',
              ),
            ),
          ).toEqual([]);
        }
      }
      expect(checked).toBeGreaterThan(teams.length * 20);
    },
  );
});
