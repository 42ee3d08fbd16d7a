import { PlatformModel } from '@internal/plugin-certificates-common';
import { certManagerUsername } from '../approverPolicy';
import { celString, celStringList } from '../cel';
import {
  grantsCelLiteral,
  NO_RIGHTS_CEL,
  ownedNameCel,
  rightsOf,
  shadowedWildcardBasesCel,
  wellFormedNameCel,
  zonesCelLiteral,
} from '../grants';
import { PolicySpec, TEAM_VARIABLE } from './validatingPolicy';

/** Certificates in a tenant namespace: only the team's own names (most specific zone wins), only platform ClusterIssuers, never a CA. */
export function certificatesPolicy(platform: PlatformModel): PolicySpec {
  const issuers = celStringList(platform.issuers.map(i => i.name));
  const { duration, renewBefore } = platform.config;
  const spec = 'object.spec';
  const absentOrEmpty = (field: string) =>
    `!has(${spec}.${field}) || size(${spec}.${field}) == 0`;
  const owned = (n: string) =>
    ownedNameCel(
      n,
      rightsOf('variables.rights'),
      'variables.zones',
      'variables.shadowed',
    );
  return {
    name: 'certificates-tenant-certificates',
    description:
      'Certificates in a tenant namespace may only name DNS names the team owns (the most specific zone decides), issued by a platform ClusterIssuer.',
    rules: [{ group: 'cert-manager.io', resources: ['certificates'] }],
    variables: [
      { name: 'grants', expression: grantsCelLiteral(platform) },
      { name: 'zones', expression: zonesCelLiteral(platform) },
      { name: 'shadowed', expression: shadowedWildcardBasesCel(platform) },
      TEAM_VARIABLE,
      {
        name: 'rights',
        expression: `variables.team in variables.grants ? variables.grants[variables.team] : ${NO_RIGHTS_CEL}`,
      },
      {
        name: 'names',
        expression: `has(${spec}.dnsNames) ? ${spec}.dnsNames : []`,
      },
    ],
    validations: [
      {
        expression: 'size(variables.names) > 0',
        message: 'a Certificate must list its names in spec.dnsNames',
      },
      {
        expression: `variables.names.all(n, ${wellFormedNameCel('n')})`,
        message:
          'every spec.dnsNames entry must be a lowercase DNS name (letters, digits, hyphens) with no trailing dot; "*" only as the whole leftmost label',
      },
      {
        expression: `variables.names.all(n, ${owned('n')})`,
        message:
          "spec.dnsNames may only contain names inside the DNS grants of the namespace's team",
        messageExpression: `'team ' + variables.team + ' does not own: ' + variables.names.filter(n, !(${owned(
          'n',
        )})).join(', ')`,
      },
      {
        expression: `!has(${spec}.commonName) || ${spec}.commonName in variables.names`,
        message: 'spec.commonName must be absent or one of spec.dnsNames',
      },
      {
        expression: `!has(${spec}.literalSubject)`,
        message:
          'spec.literalSubject is not allowed (it would bypass the commonName check)',
      },
      {
        expression:
          `(!has(${spec}.duration) || ${spec}.duration == ${celString(
            duration,
          )}) && ` +
          `(!has(${spec}.renewBefore) || ${spec}.renewBefore == ${celString(
            renewBefore,
          )}) && !has(${spec}.renewBeforePercentage)`,
        message: `spec.duration and spec.renewBefore are the platform's (${duration}, ${renewBefore}); a shorter lifetime renews often enough to exhaust the shared ACME account's rate limits`,
      },
      {
        expression: `!has(${spec}.isCA) || ${spec}.isCA == false`,
        message: 'tenants may not request CA certificates (spec.isCA)',
      },
      {
        expression: ['ipAddresses', 'uris', 'emailAddresses', 'otherNames']
          .map(f => `(${absentOrEmpty(f)})`)
          .join(' && '),
        message:
          'only DNS names are allowed: spec.ipAddresses, spec.uris, spec.emailAddresses and spec.otherNames must be empty',
      },
      {
        expression:
          `has(${spec}.issuerRef.kind) && ${spec}.issuerRef.kind == 'ClusterIssuer' && ` +
          `has(${spec}.issuerRef.group) && ${spec}.issuerRef.group == 'cert-manager.io' && ` +
          `${spec}.issuerRef.name in ${issuers}`,
        message: `spec.issuerRef must be a platform ClusterIssuer (kind ClusterIssuer, group cert-manager.io, one of: ${platform.issuers
          .map(i => i.name)
          .join(', ')})`,
      },
    ],
  };
}

/**
 * CertificateRequests, Orders and Challenges in a tenant namespace come from
 * the cert-manager controller alone: one created by anyone else (a tenant's
 * Application, a user) would skip the Certificate-level checks above.
 */
export function acmeObjectsPolicy(platform: PlatformModel): PolicySpec {
  const username = certManagerUsername(platform);
  return {
    name: 'certificates-tenant-acme-objects',
    description: `CertificateRequests, Orders and Challenges in a tenant namespace may only be written by cert-manager (${username}).`,
    rules: [
      { group: 'cert-manager.io', resources: ['certificaterequests'] },
      { group: 'acme.cert-manager.io', resources: ['orders', 'challenges'] },
    ],
    admissionOnly: true,
    validations: [
      {
        expression: `request.userInfo.username == ${celString(username)}`,
        message: `only cert-manager (${username}) may create or change CertificateRequests, Orders and Challenges; request a Certificate instead`,
        messageExpression: `request.userInfo.username + ' may not write a ' + request.kind.kind + '; only cert-manager (' + ${celString(
          username,
        )} + ') may: request a Certificate instead'`,
      },
    ],
  };
}
