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

/**
 * The most specific configured zone `name` lies in (for `*.x`, the zone of
 * `x`): with zones `example.com` and `dev.example.com`, `a.dev.example.com`
 * is in `dev.example.com`. Ownership is decided in that zone alone, so the
 * owner of a parent zone can never reach into a child zone.
 */
export function zoneOf(
  name: string,
  zoneDomains: readonly string[],
): string | undefined {
  const target = name.startsWith('*.') ? name.slice(2) : name;
  let best: string | undefined;
  for (const zone of zoneDomains) {
    if (isAtOrBelow(target, zone) && (!best || zone.length > best.length))
      best = zone;
  }
  return best;
}

/**
 * The child zone a wildcard would also be valid for: `*.example.com` covers
 * `dev.example.com`, the apex of a more specific zone that another team may
 * own, so such a wildcard is never granted. Undefined when there is none.
 */
export function zoneShadowedByWildcard(
  name: string,
  zoneDomains: readonly string[],
): string | undefined {
  if (!name.startsWith('*.')) return undefined;
  const base = name.slice(2);
  return zoneDomains.find(z => z.slice(z.indexOf('.') + 1) === base);
}

/** Every grant of every configured team, derived from zone defaults and explicit grants. */
export function deriveGrants(
  config: PlatformConfig,
  problems: string[] = [],
): Grant[] {
  const grants: Grant[] = [];
  const zones = new Map(config.zones.map(z => [z.domain, z]));
  const zoneDomains = config.zones.map(z => z.domain);
  for (const team of config.teams) {
    for (const zone of config.zones) {
      // A team default that falls into a more specific zone is that zone's to grant.
      const base = `${team.name}.${zone.domain}`;
      if (zone.teamSubdomains && zoneOf(base, zoneDomains) === zone.domain) {
        grants.push({
          team: team.name,
          zone: zone.domain,
          base,
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
      const base =
        g.subtree === '' ? zone.domain : `${g.subtree}.${zone.domain}`;
      const inZone = zoneOf(base, zoneDomains);
      if (inZone !== zone.domain) {
        problems.push(
          `team "${team.name}" grant subtree "${g.subtree}" in zone "${g.zone}": "${base}" lies in the more specific zone "${inZone}"; grant it there`,
        );
        continue;
      }
      grants.push({
        team: team.name,
        zone: zone.domain,
        base,
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

/**
 * Whether `name` (possibly `*.x`) falls inside one grant: inside its base,
 * in the grant's own zone (not in a more specific zone below it), and, for a
 * wildcard, not one that would also cover the apex of a child zone.
 * The admission CEL (certificates-node `ownedNameCel`) is the same rule.
 */
export function grantCovers(
  grant: Grant,
  name: string,
  zoneDomains: readonly string[] = [grant.zone],
): boolean {
  const wildcard = name.startsWith('*.');
  const target = wildcard ? name.slice(2) : name;
  if (
    wildcard &&
    (!grant.wildcard || zoneShadowedByWildcard(name, zoneDomains))
  )
    return false;
  const inBase =
    grant.kind === 'apex'
      ? target === grant.base
      : isAtOrBelow(target, grant.base);
  return inBase && zoneOf(target, zoneDomains) === grant.zone;
}
