import { PlatformModel } from '@internal/plugin-certificates-common';
import {
  POD_SECURITY_LABEL_PREFIX,
  POD_SECURITY_LABELS,
  TEAM_LABEL,
} from '../../labels';
import {
  CERTIFICATE_COUNT_QUOTA,
  RESOURCE_QUOTA_NAME,
} from '../../tenant/namespace';
import { celMap, celString } from '../cel';
import { tenantTeams } from '../grants';
import { PolicySpec } from './validatingPolicy';

/**
 * Tenant Namespaces keep the labels security rests on: exactly the rendered
 * Pod Security labels (none dropped, lowered or version-pinned) and the team
 * label equal to the namespace name. Matched by name, not by a label, so
 * removing a label cannot switch the policy off; fixed values make them
 * immutable on UPDATE too.
 */
export function namespacesPolicy(platform: PlatformModel): PolicySpec {
  const pss = celMap(
    Object.entries(POD_SECURITY_LABELS).map(([k, v]) => [k, celString(v)]),
  );
  const expected = Object.entries(POD_SECURITY_LABELS)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    name: 'certificates-tenant-namespaces',
    description:
      'Tenant Namespaces keep exactly the Pod Security labels the platform renders and their team label.',
    rules: [
      {
        group: '',
        resources: ['namespaces'],
        resourceNames: tenantTeams(platform),
      },
    ],
    clusterScoped: true,
    variables: [
      { name: 'pss', expression: pss },
      {
        name: 'labels',
        expression: 'has(object.metadata.labels) ? object.metadata.labels : {}',
      },
    ],
    validations: [
      {
        expression:
          `variables.pss.all(k, k in variables.labels && variables.labels[k] == variables.pss[k]) && ` +
          `variables.labels.all(k, !k.startsWith(${celString(
            POD_SECURITY_LABEL_PREFIX,
          )}) || k in variables.pss)`,
        message: `the Pod Security labels of a tenant namespace are fixed: exactly ${expected}`,
      },
      {
        expression: `${celString(
          TEAM_LABEL,
        )} in variables.labels && variables.labels[${celString(
          TEAM_LABEL,
        )}] == object.metadata.name`,
        message: `a tenant namespace must keep the label ${TEAM_LABEL} equal to its name`,
      },
    ],
  };
}

/** The tenant quota keeps its Certificate count from the platform configuration. */
export function quotaPolicy(platform: PlatformModel): PolicySpec {
  const max = String(platform.config.tenant.maxCertificates);
  const key = celString(CERTIFICATE_COUNT_QUOTA);
  return {
    name: 'certificates-tenant-quota',
    description: `The ResourceQuota ${RESOURCE_QUOTA_NAME} of a tenant namespace caps Certificates at ${max}.`,
    rules: [{ group: '', resources: ['resourcequotas'] }],
    validations: [
      {
        expression:
          `object.metadata.name != ${celString(RESOURCE_QUOTA_NAME)} || ` +
          `(has(object.spec.hard) && ${key} in object.spec.hard && object.spec.hard[${key}] == ${celString(
            max,
          )})`,
        message: `the ResourceQuota ${RESOURCE_QUOTA_NAME} must keep ${CERTIFICATE_COUNT_QUOTA}: "${max}"`,
      },
    ],
  };
}

/**
 * No vault-config-operator object in a tenant namespace: the team's Vault
 * Policy and auth role live in the platform's `vault.configNamespace`, so
 * no tenant can rewrite a policy (or another team's, via `spec.name`) or
 * rebind the role.
 */
export function vaultObjectsPolicy(platform: PlatformModel): PolicySpec {
  const home = platform.config.vault.configNamespace;
  return {
    name: 'certificates-tenant-no-vault-config',
    description: `vault-config-operator objects never live in a tenant namespace; the platform keeps them in ${home}.`,
    rules: [{ group: 'redhatcop.redhat.io', resources: ['*'] }],
    validations: [
      {
        expression: 'false',
        message: `Vault policies and auth roles (redhatcop.redhat.io) may not be created in a tenant namespace; the platform manages them in namespace ${home}`,
      },
    ],
  };
}

/** Tenants get certificates from the platform ClusterIssuers only. */
export function noIssuersPolicy(): PolicySpec {
  return {
    name: 'certificates-tenant-no-issuers',
    description:
      'Tenants may not create cert-manager Issuers; certificates come from the platform ClusterIssuers.',
    rules: [{ group: 'cert-manager.io', resources: ['issuers'] }],
    validations: [
      {
        expression: 'false',
        message:
          'tenants may not create cert-manager Issuers; use a platform ClusterIssuer',
      },
    ],
  };
}
