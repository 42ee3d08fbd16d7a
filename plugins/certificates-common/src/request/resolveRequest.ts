import { deriveCertificateName } from '../names/certificateNames';
import { checkCertificateName, MAX_NAME_LENGTH } from '../names/dnsNames';
import { zoneOf, zoneShadowedByWildcard } from '../platform/ownership';
import { PlatformModel } from '../platform/platformModel';
import { CertificateRequest, RequestProblem } from './certificateRequest';

/** A request checked against the platform: the exact names it asks for and the certificate's name. */
export type ResolvedCertificateRequest = {
  request: CertificateRequest;
  /** Kubernetes name of the Certificate, also used for its Secret and Vault key. */
  certificateName: string;
  /** The requested name first, then the additional names, without duplicates. */
  names: string[];
};

export function primaryName(
  request: Pick<CertificateRequest, 'subdomain' | 'domain' | 'wildcard'>,
): string {
  const host = request.subdomain
    ? `${request.subdomain}.${request.domain}`
    : request.domain;
  return request.wildcard ? `*.${host}` : host;
}

/**
 * Applies the platform's rules to a parsed request: configured zone and
 * issuer, the zone's label rules, reserved namespaces, and ownership of
 * every name. Membership of the team is checked by the caller, who knows
 * the user.
 */
export function resolveCertificateRequest(
  request: CertificateRequest,
  platform: PlatformModel,
):
  | { ok: true; resolved: ResolvedCertificateRequest }
  | { ok: false; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  if (platform.isReserved(request.team)) {
    problems.push({
      field: 'team',
      message: 'is a reserved namespace',
      kind: 'invalid',
    });
  } else if (!platform.teamNames().includes(request.team)) {
    problems.push({
      field: 'team',
      message: `"${request.team}" is not a team of this platform`,
      kind: 'forbidden',
    });
  }
  const zone = platform.zone(request.domain);
  if (!zone) {
    problems.push({
      field: 'domain',
      message: `must be one of the platform's zones: ${platform.zones
        .map(z => z.domain)
        .join(', ')}`,
      kind: 'invalid',
    });
  }
  if (!platform.issuer(request.issuer)) {
    problems.push({
      field: 'issuer',
      message: `must be one of ${platform.issuers.map(i => i.name).join(', ')}`,
      kind: 'invalid',
    });
  }
  if (!zone || problems.length > 0) return { ok: false, problems };

  const primaryField = request.subdomain ? 'subdomain' : 'domain';
  const requested: Array<{
    field: string;
    name: string;
    forbiddenField: string;
  }> = [
    // A refused wildcard is about the wildcard switch, whatever name it stands on.
    {
      field: primaryField,
      name: primaryName(request),
      forbiddenField: request.wildcard ? 'wildcard' : primaryField,
    },
    ...(request.additionalNames ?? []).map((name, i) => ({
      field: `additionalNames.${i}`,
      name,
      forbiddenField: `additionalNames.${i}`,
    })),
  ];
  const names: string[] = [];
  for (const { field, name, forbiddenField } of requested) {
    const problem = checkCertificateName(name, zone);
    if (problem) {
      problems.push({ field, message: problem.message, kind: 'invalid' });
      continue;
    }
    const zoneDomains = platform.zones.map(z => z.domain);
    const nameZone = zoneOf(name, zoneDomains);
    if (!nameZone) {
      problems.push({
        field,
        message: `"${name}" is not in any of the platform's zones`,
        kind: 'invalid',
      });
      continue;
    }
    if (!platform.grantFor(request.team, name)) {
      problems.push({
        field: forbiddenField,
        message: forbiddenMessage(request.team, name, nameZone, zoneDomains),
        kind: 'forbidden',
      });
      continue;
    }
    if (!names.includes(name)) names.push(name);
  }
  if (names.some(n => n.length > MAX_NAME_LENGTH)) {
    problems.push({
      field: 'subdomain',
      message: `makes a name longer than ${MAX_NAME_LENGTH} characters`,
      kind: 'invalid',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    resolved: {
      request,
      certificateName: request.name ?? deriveCertificateName(names[0]),
      names,
    },
  };
}

/** Why `team` may not hold `name`, most specific reason first. */
function forbiddenMessage(
  team: string,
  name: string,
  nameZone: string,
  zoneDomains: string[],
): string {
  const shadowed = zoneShadowedByWildcard(name, zoneDomains);
  if (shadowed)
    return `"${name}" would also cover "${shadowed}", the apex of a more specific zone; request names inside that zone there`;
  const parent = zoneDomains.find(
    z => z !== nameZone && nameZone.endsWith(`.${z}`),
  );
  if (parent)
    return `team "${team}" may not request "${name}": it lies in zone "${nameZone}", where the most specific zone's grants decide, not those of "${parent}"`;
  return `team "${team}" may not request "${name}"`;
}
