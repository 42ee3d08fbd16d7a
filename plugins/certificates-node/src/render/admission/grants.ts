import { PlatformModel } from '@internal/plugin-certificates-common';
import { celMap, celString, celStringList, DNS_NAME_PATTERN } from './cel';

/** One team's grants as the four lists the CEL checks read, each sorted and de-duplicated. */
export type TeamNameRights = {
  /** Bases of subtree grants: the base and every name below it. */
  subtree: string[];
  /** Bases of subtree grants with the wildcard right: `*.x` for x at or below the base. */
  subtreeWildcard: string[];
  /** Apex grants: exactly the zone's own name. */
  apex: string[];
  /** Apex grants with the wildcard right: exactly `*.<zone>`. */
  apexWildcard: string[];
};

const RIGHT_KEYS = [
  'subtree',
  'subtreeWildcard',
  'apex',
  'apexWildcard',
] as const;

const uniqueSorted = (values: string[]) => [...new Set(values)].sort();

/** The name rights of `team`, derived from `platform.grants` (the same model the request validation uses). */
export function teamNameRights(
  team: string,
  platform: PlatformModel,
): TeamNameRights {
  const grants = platform.grants.filter(g => g.team === team);
  const pick = (kind: 'subtree' | 'apex', wildcardOnly: boolean) =>
    uniqueSorted(
      grants
        .filter(g => g.kind === kind && (!wildcardOnly || g.wildcard))
        .map(g => g.base),
    );
  return {
    subtree: pick('subtree', false),
    subtreeWildcard: pick('subtree', true),
    apex: pick('apex', false),
    apexWildcard: pick('apex', true),
  };
}

/** Teams in configuration order; each is also its tenant namespace. */
export const tenantTeams = (platform: PlatformModel) => platform.teamNames();

/** CEL map literal `{'<team>': {'subtree': [...], ...}, ...}` of every team's name rights. */
export function grantsCelLiteral(platform: PlatformModel): string {
  return celMap(
    tenantTeams(platform).map(team => {
      const rights = teamNameRights(team, platform);
      return [team, celMap(RIGHT_KEYS.map(k => [k, celStringList(rights[k])]))];
    }),
  );
}

/** A CEL map literal with the same keys and no rights, for namespaces without a team. */
export const NO_RIGHTS_CEL = celMap(RIGHT_KEYS.map(k => [k, '[]']));

/** CEL: `name` (an expression of type string) is a well-formed lowercase DNS name, optionally `*.`-prefixed. */
export function wellFormedNameCel(name: string): string {
  return `${name}.size() <= 253 && ${name}.matches(${celString(
    DNS_NAME_PATTERN,
  )})`;
}

/**
 * CEL: `name` lies inside the rights `rights` (an expression of the map type
 * built by {@link grantsCelLiteral}, or a literal of one team's rights).
 * Exact label-boundary matching: `n == b || n.endsWith('.' + b)`, never a glob.
 */
export function ownedNameCel(
  name: string,
  rights: {
    subtree: string;
    subtreeWildcard: string;
    apex: string;
    apexWildcard: string;
  },
): string {
  const base = `${name}.substring(2)`;
  return (
    `${name}.startsWith('*.') ? ` +
    `(${rights.subtreeWildcard}.exists(b, ${base} == b || ${base}.endsWith('.' + b)) || ${base} in ${rights.apexWildcard}) : ` +
    `(${rights.subtree}.exists(b, ${name} == b || ${name}.endsWith('.' + b)) || ${name} in ${rights.apex})`
  );
}

/** The rights expressions of a CEL map value `expr` of one team's rights. */
export const rightsOf = (expr: string) => ({
  subtree: `${expr}.subtree`,
  subtreeWildcard: `${expr}.subtreeWildcard`,
  apex: `${expr}.apex`,
  apexWildcard: `${expr}.apexWildcard`,
});

/** The rights of one team as CEL list literals. */
export function rightsLiterals(team: string, platform: PlatformModel) {
  const rights = teamNameRights(team, platform);
  return {
    subtree: celStringList(rights.subtree),
    subtreeWildcard: celStringList(rights.subtreeWildcard),
    apex: celStringList(rights.apex),
    apexWildcard: celStringList(rights.apexWildcard),
  };
}
