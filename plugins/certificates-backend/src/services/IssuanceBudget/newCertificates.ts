import { ResolvedCertificateRequest } from '@internal/plugin-certificates-common';
import { NewCertificate } from './types';

/** What a resolved request would issue, as the budget counts it. */
export function newCertificateOf(
  resolved: ResolvedCertificateRequest,
): NewCertificate {
  return {
    certificate: resolved.certificateName,
    names: resolved.names,
    issuer: resolved.request.issuer,
  };
}

/** The new certificates of valid bulk rows, per team: a batch fits a team's budget whole or not at all. */
export function newCertificatesByTeam(
  rows: Array<{ resolved: ResolvedCertificateRequest }>,
): Map<string, NewCertificate[]> {
  const byTeam = new Map<string, NewCertificate[]>();
  for (const { resolved } of rows) {
    const list = byTeam.get(resolved.request.team) ?? [];
    list.push(newCertificateOf(resolved));
    byTeam.set(resolved.request.team, list);
  }
  return byTeam;
}
