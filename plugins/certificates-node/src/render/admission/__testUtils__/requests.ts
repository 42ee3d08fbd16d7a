import {
  PlatformModel,
  zoneShadowedByWildcard,
} from '@internal/plugin-certificates-common';

/**
 * Request bodies that are valid by construction for `platform`: for every
 * team, every grant, a few label depths, the wildcard form where the grant
 * allows it, every issuer, and requests that combine names of several grants.
 */
export function validRequestBodies(
  platform: PlatformModel,
): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  const labelSets = [[], ['api'], ['a1', 'b-2'], ['x']];
  const issuers = platform.issuers.map(i => i.name);
  for (const team of platform.teamNames()) {
    const grants = platform.grantsOf(team);
    const zoneDomains = platform.zones.map(z => z.domain);
    // A wildcard that would also cover a child zone's apex is never granted.
    const wildcardOk = (g: (typeof grants)[number], name: string) =>
      g.wildcard && !zoneShadowedByWildcard(`*.${name}`, zoneDomains);
    const namesOf = (i: number, labels: string[], wildcard: boolean) => {
      const g = grants[i % grants.length];
      const name = [...(g.kind === 'apex' ? [] : labels), g.base].join('.');
      return wildcard && wildcardOk(g, name) ? `*.${name}` : name;
    };
    grants.forEach((grant, gi) => {
      labelSets.forEach((labels, li) => {
        const labelled = [...(grant.kind === 'apex' ? [] : labels), grant.base];
        const wildcards = wildcardOk(grant, labelled.join('.'))
          ? [false, true]
          : [false];
        for (const wildcard of wildcards) {
          const primary = namesOf(gi, labels, wildcard);
          const plain = primary.replace(/^\*\./, '');
          const zone = platform.zones.find(
            z => plain === z.domain || plain.endsWith(`.${z.domain}`),
          )!;
          const additionalNames =
            li % 2 === 0
              ? []
              : grants
                  .map((_, j) => namesOf(j, ['www'], j % 2 === 0))
                  .filter(n => n !== primary);
          bodies.push({
            team,
            domain: zone.domain,
            subdomain:
              plain === zone.domain
                ? ''
                : plain.slice(0, -(zone.domain.length + 1)),
            wildcard: primary.startsWith('*.'),
            issuer: issuers[(gi + li) % issuers.length],
            additionalNames,
          });
        }
      });
    });
  }
  return bodies;
}
