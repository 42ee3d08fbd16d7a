import {
  createPlatformModel,
  parseCertificateRequest,
  PlatformModel,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { ValidBulkRow } from '../types';

/** A platform of `teams` teams (`team-0` ...), each owning `<team>.example.com`. */
export function fleetPlatform(teams: number): PlatformModel {
  return createPlatformModel({
    issuers: [
      {
        name: 'letsencrypt-staging',
        server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        email: 'p@example.com',
        staging: true,
      },
    ],
    zones: [
      {
        domain: 'example.com',
        dnsProvider: {
          type: 'cloudflare',
          apiTokenSecretRef: { name: 'cf', key: 'token' },
        },
      },
    ],
    teams: Array.from({ length: teams }, (_, t) => ({ name: `team-${t}` })),
  });
}

/** `certificates` rows spread round-robin over the platform's teams. */
export function fleetRows(
  platform: PlatformModel,
  certificates: number,
): ValidBulkRow[] {
  const teams = platform.teamNames();
  return Array.from({ length: certificates }, (_, i) => {
    const team = teams[i % teams.length];
    const parsed = parseCertificateRequest({
      team,
      domain: 'example.com',
      subdomain: `svc-${i}.${team}`,
      issuer: 'letsencrypt-staging',
    });
    if (!parsed.ok)
      throw new Error(`bad fixture: ${JSON.stringify(parsed.problems)}`);
    const result = resolveCertificateRequest(parsed.request, platform);
    if (!result.ok)
      throw new Error(`bad fixture: ${JSON.stringify(result.problems)}`);
    return { row: i, resolved: result.resolved };
  });
}
