import { checkHostName, isAtOrBelow } from '../names/dnsNames';
import { PlatformConfig, ZoneConfig } from './platformConfig';

/**
 * One name space a team owns in one zone. `base` is a full DNS name.
 * `subtree` grants cover the base and everything below it; an `apex`
 * grant covers exactly the zone's own name. `wildcard` allows the single
 * label `*.` directly under any owned name (for apex: `*.<zone>` only).
 */
export type Grant = {
  team: string;
  zone: string;
  base: string;
  kind: 'subtree' | 'apex';
  wildcard: boolean;
  /** Where the grant came from, for error messages. */
  origin: 'default' | 'explicit';
};

export class PlatformConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid certificates configuration:\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'PlatformConfigError';
  }
}

/** Every grant of every configured team, derived from zone defaults and explicit grants. */
export function deriveGrants(
  config: PlatformConfig,
  problems: string[] = [],
): Grant[] {
  const grants: Grant[] = [];
  const zones = new Map(config.zones.map(z => [z.domain, z]));
  for (const team of config.teams) {
    for (const zone of config.zones) {
      if (zone.teamSubdomains) {
        grants.push({
          team: team.name,
          zone: zone.domain,
          base: `${team.name}.${zone.domain}`,
          kind: 'subtree',
          wildcard: zone.teamSubdomainWildcards,
          origin: 'default',
        });
      }
    }
    for (const g of team.grants) {
      const zone = zones.get(g.zone);
      if (!zone) {
        problems.push(
          `team "${team.name}" has a grant in zone "${g.zone}", which is not a configured zone`,
        );
        continue;
      }
      if (g.subtree !== '') {
        const problem = checkHostName(`${g.subtree}.${zone.domain}`, zone);
        if (problem || g.subtree.includes('*')) {
          problems.push(
            `team "${team.name}" grant subtree "${g.subtree}" in zone "${
              g.zone
            }": ${problem?.message ?? 'must not contain "*"'}`,
          );
          continue;
        }
      }
      grants.push({
        team: team.name,
        zone: zone.domain,
        base: g.subtree === '' ? zone.domain : `${g.subtree}.${zone.domain}`,
        kind: g.subtree === '' ? 'apex' : 'subtree',
        wildcard: g.wildcard,
        origin: 'explicit',
      });
    }
  }
  return grants;
}

/**
 * Grants of different teams must never meet: no two subtrees where one
 * contains the other, no shared apex, and no apex wildcard that would match
 * another team's name one label below the zone.
 */
export function findGrantConflicts(
  grants: Grant[],
  zones: ZoneConfig[],
): string[] {
  const problems: string[] = [];
  const describe = (g: Grant) =>
    `${g.kind === 'apex' ? 'apex' : 'subtree'} "${g.base}" of team "${g.team}"${
      g.origin === 'default' ? ' (team default)' : ''
    }`;
  for (let i = 0; i < grants.length; i++) {
    for (let j = i + 1; j < grants.length; j++) {
      const a = grants[i];
      const b = grants[j];
      if (a.team === b.team || a.zone !== b.zone) continue;
      if (a.kind === 'apex' && b.kind === 'apex') {
        problems.push(`${describe(a)} overlaps ${describe(b)}`);
      } else if (a.kind === 'subtree' && b.kind === 'subtree') {
        if (isAtOrBelow(a.base, b.base) || isAtOrBelow(b.base, a.base)) {
          problems.push(`${describe(a)} overlaps ${describe(b)}`);
        }
      } else {
        const apex = a.kind === 'apex' ? a : b;
        const other = a.kind === 'apex' ? b : a;
        if (
          apex.wildcard &&
          other.base.split('.').length === apex.base.split('.').length + 1
        ) {
          problems.push(
            `the wildcard right "*.${apex.base}" of team "${
              apex.team
            }" would cover ${describe(other)}`,
          );
        }
      }
    }
  }
  const zoneDomains = new Set(zones.map(z => z.domain));
  if (zoneDomains.size !== zones.length)
    problems.push('a zone is configured twice');
  return problems;
}

/** Whether `name` (possibly `*.x`) falls inside one grant. */
export function grantCovers(grant: Grant, name: string): boolean {
  if (name.startsWith('*.')) {
    if (!grant.wildcard) return false;
    const base = name.slice(2);
    return grant.kind === 'apex'
      ? base === grant.base
      : isAtOrBelow(base, grant.base);
  }
  return grant.kind === 'apex'
    ? name === grant.base
    : isAtOrBelow(name, grant.base);
}
