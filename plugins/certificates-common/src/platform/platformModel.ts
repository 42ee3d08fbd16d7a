import { checkHostName, isPublicSuffix } from '../names/dnsNames';
import { DNS1123_LABEL, isReservedNamespace } from '../request/fields';
import {
  deriveGrants,
  findGrantConflicts,
  Grant,
  grantCovers,
  PlatformConfigError,
} from './ownership';
import {
  IssuerConfig,
  PlatformConfig,
  platformConfigSchema,
  ZoneConfig,
} from './platformConfig';

/** The validated platform: zones, issuers, teams and who owns which names. */
export type PlatformModel = {
  config: PlatformConfig;
  zones: ZoneConfig[];
  issuers: IssuerConfig[];
  grants: Grant[];
  zone(domain: string): ZoneConfig | undefined;
  issuer(name: string): IssuerConfig | undefined;
  teamNames(): string[];
  /** Catalog group ref whose members may request for the team. */
  teamGroupRef(team: string): string;
  grantsOf(team: string): Grant[];
  /** The grant that allows `team` to hold `name`, if any. */
  grantFor(team: string, name: string): Grant | undefined;
  isReserved(team: string): boolean;
};

/**
 * Parses and checks the platform configuration. Throws a
 * {@link PlatformConfigError} listing every problem, so a platform engineer
 * fixes them all in one round.
 */
export function createPlatformModel(raw: unknown): PlatformModel {
  const parsed = platformConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PlatformConfigError(
      parsed.error.issues.map(
        i => `certificates.${i.path.join('.')}: ${i.message}`,
      ),
    );
  }
  const config = parsed.data;
  const problems: string[] = [];
  for (const zone of config.zones) {
    const problem = checkHostName(zone.domain, { allowIdn: true });
    if (problem && !isPublicSuffix(zone.domain))
      problems.push(`zone "${zone.domain}": ${problem.message}`);
    if (isPublicSuffix(zone.domain))
      problems.push(`zone "${zone.domain}" is a public suffix`);
  }
  // The platform's own namespaces are never a team's.
  const extraReserved = [
    ...config.reservedNamespaces,
    config.vault.configNamespace,
    config.certManager.namespace,
    config.argocd.namespace,
  ];
  if (!DNS1123_LABEL.test(config.vault.configNamespace))
    problems.push(
      `certificates.vault.configNamespace: "${config.vault.configNamespace}" is not a DNS-1123 label`,
    );
  const teamSeen = new Set<string>();
  for (const team of config.teams) {
    if (!DNS1123_LABEL.test(team.name))
      problems.push(`team "${team.name}" is not a DNS-1123 label`);
    if (isReservedNamespace(team.name, extraReserved))
      problems.push(`team "${team.name}" is a reserved namespace`);
    if (teamSeen.has(team.name))
      problems.push(`team "${team.name}" is configured twice`);
    teamSeen.add(team.name);
  }
  const issuerSeen = new Set<string>();
  for (const issuer of config.issuers) {
    if (!DNS1123_LABEL.test(issuer.name))
      problems.push(`issuer "${issuer.name}" is not a valid Kubernetes name`);
    if (issuerSeen.has(issuer.name))
      problems.push(`issuer "${issuer.name}" is configured twice`);
    issuerSeen.add(issuer.name);
  }
  const grants = deriveGrants(config, problems);
  problems.push(...findGrantConflicts(grants, config.zones));
  if (problems.length > 0) throw new PlatformConfigError(problems);

  const teams = new Map(config.teams.map(t => [t.name, t]));
  const zoneDomains = config.zones.map(z => z.domain);
  return {
    config,
    zones: config.zones,
    issuers: config.issuers,
    grants,
    zone: domain => config.zones.find(z => z.domain === domain),
    issuer: name => config.issuers.find(i => i.name === name),
    teamNames: () => config.teams.map(t => t.name),
    teamGroupRef: team => teams.get(team)?.group ?? `group:default/${team}`,
    grantsOf: team => grants.filter(g => g.team === team),
    grantFor: (team, name) =>
      grants.find(g => g.team === team && grantCovers(g, name, zoneDomains)),
    isReserved: team => isReservedNamespace(team, extraReserved),
  };
}
