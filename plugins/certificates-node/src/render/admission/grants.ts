import {
  PlatformModel,
  zoneShadowedByWildcard,
} from '@internal/plugin-certificates-common';
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

/** The zones of the platform, as a CEL list literal. */
export function zonesCelLiteral(platform: PlatformModel): string {
  return celStringList(platform.zones.map(z => z.domain));
}

/**
 * The wildcard bases that would reach a child zone's apex (`example.com` when
 * `dev.example.com` is a zone), as a CEL list literal; the same rule as
 * `zoneShadowedByWildcard` in certificates-common.
 */
export function shadowedWildcardBasesCel(platform: PlatformModel): string {
  const domains = platform.zones.map(z => z.domain);
  const parents = domains
    .map(z => z.slice(z.indexOf('.') + 1))
    .filter(p => zoneShadowedByWildcard(`*.${p}`, domains) !== undefined);
  return celStringList(uniqueSorted(parents));
}

/**
 * CEL: `name` lies inside the rights `rights` (an expression of the map type
 * built by {@link grantsCelLiteral}, or a literal of one team's rights).
 * Exact label-boundary matching: `n == b || n.endsWith('.' + b)`, never a glob.
 * The most specific zone wins: a subtree grant never covers a name inside a
 * configured zone below its base (`zones`, a CEL list), and a wildcard that
 * would cover a child zone's apex (`shadowed`, a CEL list of bases) is never
 * owned. The same rule as `grantCovers` in certificates-common.
 */
export function ownedNameCel(
  name: string,
  rights: {
    subtree: string;
    subtreeWildcard: string;
    apex: string;
    apexWildcard: string;
  },
  zones: string,
  shadowed: string,
): string {
  const base = `${name}.substring(2)`;
  const inSubtree = (t: string) =>
    `(${t} == b || ${t}.endsWith('.' + b)) && ` +
    `!${zones}.exists(z, (z == b || z.endsWith('.' + b)) && (${t} == z || ${t}.endsWith('.' + z)))`;
  return (
    `${name}.startsWith('*.') ? ` +
    `(!(${base} in ${shadowed}) && (${
      rights.subtreeWildcard
    }.exists(b, ${inSubtree(base)}) || ${base} in ${rights.apexWildcard})) : ` +
    `(${rights.subtree}.exists(b, ${inSubtree(name)}) || ${name} in ${
      rights.apex
    })`
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
