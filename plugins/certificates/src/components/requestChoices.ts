import {
  CertificateOptions,
  isAtOrBelow,
  subdomainField,
} from '@internal/plugin-certificates-common';

/**
 * The choices shared by the request form and the scaffolder field: which team,
 * which of its domains, the name left of it, wildcard and issuer. Both offer
 * only what `GET /options` returns for the signed-in user.
 */
export type CertificateChoice = {
  team: string;
  domain: string;
  subdomain: string;
  wildcard: boolean;
  issuer: string;
};

export type Grant =
  CertificateOptions['teams'][number]['domains'][number]['grants'][number];

export const EMPTY_CHOICE: CertificateChoice = {
  team: '',
  domain: '',
  subdomain: '',
  wildcard: false,
  issuer: '',
};

/** The domains a team may request names in (none for a team the user is not in). */
export function domainsOf(options: CertificateOptions, team: string) {
  return options.teams.find(t => t.name === team)?.domains ?? [];
}

/** What the team owns in the chosen domain. */
export function grantsOf(
  options: CertificateOptions,
  choice: Pick<CertificateChoice, 'team' | 'domain'>,
): Grant[] {
  return (
    domainsOf(options, choice.team).find(d => d.domain === choice.domain)
      ?.grants ?? []
  );
}

/** Whether the team may request `*.<subdomain>.<domain>`. */
export function wildcardGranted(
  options: CertificateOptions,
  choice: Pick<CertificateChoice, 'team' | 'domain' | 'subdomain'>,
): boolean {
  const host = choice.subdomain
    ? `${choice.subdomain}.${choice.domain}`
    : choice.domain;
  return grantsOf(options, choice).some(
    g =>
      g.wildcard &&
      (g.kind === 'apex' ? host === g.base : isAtOrBelow(host, g.base)),
  );
}

/** Whether the domain itself (empty subdomain) is the team's. */
export function apexGranted(
  options: CertificateOptions,
  choice: Pick<CertificateChoice, 'team' | 'domain'>,
): boolean {
  return grantsOf(options, choice).some(g => g.kind === 'apex');
}

export function describeGrant(grant: Grant): string {
  const scope = grant.kind === 'apex' ? grant.base : `${grant.base} and below`;
  return grant.wildcard ? `${scope} (wildcards allowed)` : scope;
}

/** One line naming what the team owns in the domain, for the domain's helper text. */
export function describeGrants(grants: Grant[]): string {
  return `Your team's names here: ${grants.map(describeGrant).join('; ')}`;
}

/**
 * Fills in what is missing or no longer offered: the first team, the team's
 * first domain, the first issuer; wildcard only where granted.
 */
export function withDefaults(
  options: CertificateOptions,
  choice: CertificateChoice,
): CertificateChoice {
  const team = options.teams.some(t => t.name === choice.team)
    ? choice.team
    : options.teams[0]?.name ?? '';
  const domains = domainsOf(options, team);
  const domain = domains.some(d => d.domain === choice.domain)
    ? choice.domain
    : domains[0]?.domain ?? '';
  const issuer = options.issuers.some(i => i.name === choice.issuer)
    ? choice.issuer
    : options.issuers[0]?.name ?? '';
  const next = { ...choice, team, domain, issuer };
  return {
    ...next,
    wildcard: choice.wildcard && wildcardGranted(options, next),
  };
}

/** Whether the team may request `<subdomain>.<domain>` (or the domain itself) under its grants. */
export function nameGranted(
  options: CertificateOptions,
  choice: Pick<CertificateChoice, 'team' | 'domain' | 'subdomain'>,
): boolean {
  const host = choice.subdomain
    ? `${choice.subdomain}.${choice.domain}`
    : choice.domain;
  return grantsOf(options, choice).some(g =>
    g.kind === 'apex' ? host === g.base : isAtOrBelow(host, g.base),
  );
}

/**
 * The subdomain field's problem before anything is sent: the label rules,
 * then whether the team may hold the name at all (an empty subdomain asks for
 * the domain itself). The backend checks again; this makes the answer instant
 * and puts it under the field it is about.
 */
export function choiceProblem(
  options: CertificateOptions,
  choice: CertificateChoice,
): string | undefined {
  const labels = subdomainProblem(choice.subdomain);
  if (labels) return labels;
  if (!choice.team || !choice.domain || nameGranted(options, choice))
    return undefined;
  const owned = grantsOf(options, choice).map(describeGrant).join('; ');
  if (!choice.subdomain)
    return `enter a subdomain: ${choice.team} may not request ${choice.domain} itself, only ${owned}`;
  return `${choice.team} may not request ${choice.subdomain}.${choice.domain}; its names here: ${owned}`;
}

/** The first problem with a subdomain under the shared label rules, if any. */
export function subdomainProblem(subdomain: string): string | undefined {
  const result = subdomainField.safeParse(subdomain);
  return result.success ? undefined : result.error.issues[0]?.message;
}
