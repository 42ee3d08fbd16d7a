import { PlatformModel } from '@internal/plugin-certificates-common';
import { tlsSecretName } from '../../labels';
import { DEFAULT_USAGES, PRIVATE_KEY_SPECS } from '../../tenant/certificate';
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

/**
 * Checks that approver-policy or cert-manager's webhook already make, written
 * again here as a second wall (docs/security.md, "Second walls"): a
 * Certificate that either would refuse never reaches them, and a cluster
 * whose approver-policy is misconfigured still refuses it.
 */
function secondWallValidations() {
  const spec = 'object.spec';
  const keys = PRIVATE_KEY_SPECS.map(
    k => `(k.algorithm == ${celString(k.algorithm)} && k.size == ${k.size})`,
  ).join(' || ');
  return [
    {
      expression: `!has(${spec}.usages) || ${spec}.usages.all(u, u in ${celStringList(
        [...DEFAULT_USAGES],
      )})`,
      message: `spec.usages may only contain ${DEFAULT_USAGES.join(
        ', ',
      )} (no client auth, cert sign or crl sign)`,
    },
    {
      expression: `!has(${spec}.subject)`,
      message:
        'spec.subject is not allowed: a certificate names DNS names only (no organizations or other subject fields)',
    },
    {
      expression: `!has(${spec}.privateKey) || [${spec}.privateKey].all(k, has(k.algorithm) && has(k.size) && (${keys}))`,
      message: `spec.privateKey must be one of the platform's key types (${PRIVATE_KEY_SPECS.map(
        k => `${k.algorithm} ${k.size}`,
      ).join(', ')}); RSA under 2048 bits is never allowed`,
    },
  ];
}

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
        // A rename in place is a new ACME order that the quota, which counts objects, never sees.
        expression: `oldObject == null || (has(oldObject.spec.dnsNames) ? oldObject.spec.dnsNames : []) == variables.names`,
        message:
          'spec.dnsNames cannot change on an existing Certificate: request a new certificate (it counts against the quota) and delete the old one',
      },
      {
        expression: `has(${spec}.secretName) && ${spec}.secretName == object.metadata.name + ${celString(
          tlsSecretName(''),
        )}`,
        message: `spec.secretName must be the Certificate's name followed by "${tlsSecretName(
          '',
        )}" (the Secret its PushSecret may copy)`,
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
      ...secondWallValidations(),
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
