import {
  PlatformConfig,
  PlatformConfigError,
} from '@internal/plugin-certificates-common';

const SAFE_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/**
 * Checks `remoteKeyTemplate` and the KV mount, because both end up inside
 * HCL strings and Vault paths: only path-safe characters, `{team}` as a whole
 * path segment before `{certificate}` (so a policy on `<prefix>/<team>/*`
 * can never reach another team's keys: `team-a/*` does not match `team-ab/…`).
 */
function checkVaultConfig(config: PlatformConfig): void {
  const problems: string[] = [];
  const template = config.remoteKeyTemplate;
  const teamAt = template.indexOf('{team}/');
  const certificateAt = template.indexOf('{certificate}');
  if (teamAt < 0 || (teamAt > 0 && template[teamAt - 1] !== '/')) {
    problems.push(
      'certificates.remoteKeyTemplate: must contain "{team}" as a whole path segment, e.g. "certs/{team}/{certificate}"',
    );
  } else if (certificateAt < teamAt) {
    problems.push(
      'certificates.remoteKeyTemplate: "{certificate}" must come after "{team}/"',
    );
  }
  const literal = template.replace(/\{team\}|\{certificate\}/g, 'x');
  if (!SAFE_PATH.test(literal)) {
    problems.push(
      'certificates.remoteKeyTemplate: must be a relative path of letters, digits, ".", "_", "-" and the placeholders {team} and {certificate}',
    );
  }
  if (!SAFE_PATH.test(config.vault.kvMount)) {
    problems.push(
      'certificates.vault.kvMount: must be a path of letters, digits, ".", "_" and "-"',
    );
  }
  if (!SAFE_PATH.test(config.vault.kubernetesAuthMount)) {
    problems.push(
      'certificates.vault.kubernetesAuthMount: must be a path of letters, digits, ".", "_" and "-"',
    );
  }
  if (problems.length > 0) throw new PlatformConfigError(problems);
}

/** Key (below the KV mount) the certificate's Secret is pushed to. */
export function remoteKey(
  config: PlatformConfig,
  team: string,
  certificateName: string,
): string {
  checkVaultConfig(config);
  return fillRemoteKeyTemplate(config.remoteKeyTemplate, team, certificateName);
}

/** `certs/{team}/{certificate}` with the placeholders filled in; the status reader uses it too. */
export function fillRemoteKeyTemplate(
  template: string,
  team: string,
  certificateName: string,
): string {
  return template
    .split('{team}')
    .join(team)
    .split('{certificate}')
    .join(certificateName);
}

/** The team's key prefix below the KV mount, ending in `/`: `certs/<team>/`. */
export function teamKeyPrefix(config: PlatformConfig, team: string): string {
  checkVaultConfig(config);
  const template = config.remoteKeyTemplate;
  return template
    .slice(0, template.indexOf('{team}/') + '{team}/'.length)
    .split('{team}')
    .join(team);
}
