import { PlatformModel } from '@internal/plugin-certificates-common';

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
    const namesOf = (i: number, labels: string[], wildcard: boolean) => {
      const g = grants[i % grants.length];
      const name = [...(g.kind === 'apex' ? [] : labels), g.base].join('.');
      return g.wildcard && wildcard ? `*.${name}` : name;
    };
    grants.forEach((grant, gi) => {
      labelSets.forEach((labels, li) => {
        for (const wildcard of grant.wildcard ? [false, true] : [false]) {
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
