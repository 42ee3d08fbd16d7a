import { PlatformModel } from '@internal/plugin-certificates-common';
import {
  ESO_SERVICE_ACCOUNT,
  SECRET_STORE_NAME,
  tlsSecretName,
  vaultRoleName,
} from '../../labels';
import { teamKeyPrefix } from '../../vaultPaths';
import { celString } from '../cel';
import { PolicySpec, TEAM_VARIABLE } from './validatingPolicy';

/** PushSecrets only push through the tenant's own `vault` SecretStore, below the team's key prefix. */
export function pushSecretsPolicy(platform: PlatformModel): PolicySpec {
  const template = platform.config.remoteKeyTemplate;
  // Validated by teamKeyPrefix: `{team}` is a whole path segment; the prefix is the literal text before it.
  teamKeyPrefix(platform.config, 'x');
  const before = template.slice(0, template.indexOf('{team}/'));
  const key = 'd.match.remoteRef.remoteKey';
  return {
    name: 'certificates-tenant-pushsecrets',
    description: `PushSecrets in a tenant namespace may only use the tenant's SecretStore "${SECRET_STORE_NAME}" and keys below ${
      template.split('{team}')[0]
    }<team>/.`,
    rules: [{ group: 'external-secrets.io', resources: ['pushsecrets'] }],
    variables: [
      TEAM_VARIABLE,
      {
        name: 'keyPrefix',
        expression: `${celString(before)} + variables.team + '/'`,
      },
      {
        name: 'refs',
        expression:
          'has(object.spec.secretStoreRefs) ? object.spec.secretStoreRefs : []',
      },
      {
        name: 'data',
        expression: 'has(object.spec.data) ? object.spec.data : []',
      },
    ],
    validations: [
      {
        expression:
          `size(variables.refs) > 0 && variables.refs.all(r, has(r.name) && r.name == ${celString(
            SECRET_STORE_NAME,
          )} && ` +
          `has(r.kind) && r.kind == 'SecretStore' && !has(r.labelSelector))`,
        message: `spec.secretStoreRefs may only name the SecretStore "${SECRET_STORE_NAME}" (kind SecretStore, no labelSelector, no ClusterSecretStore)`,
      },
      {
        // ESO also accepts selector.generatorRef (a namespaced Generator or a
        // cluster-wide ClusterGenerator) and selector.secret.selector (any
        // labelled Secret): either would push a credential the team's
        // Certificate never wrote into the team's Vault path, to be read back.
        expression:
          `has(object.spec.selector) && !has(object.spec.selector.generatorRef) && has(object.spec.selector.secret) && ` +
          `!has(object.spec.selector.secret.selector) && has(object.spec.selector.secret.name) && ` +
          `object.spec.selector.secret.name == object.metadata.name + ${celString(
            tlsSecretName(''),
          )}`,
        message: `spec.selector may only be secret.name, naming the Secret of the Certificate of the same name (<name>${tlsSecretName(
          '',
        )}); generatorRef and secret.selector are not allowed`,
      },
      {
        expression: '!has(object.spec.dataTo) || size(object.spec.dataTo) == 0',
        message: 'spec.dataTo is not allowed; push named keys with spec.data',
      },
      {
        expression:
          `variables.data.all(d, ${key}.startsWith(variables.keyPrefix) && size(${key}) > size(variables.keyPrefix) && ` +
          `${key}.matches('^[A-Za-z0-9._/-]+$') && !${key}.contains('..') && !${key}.contains('//') && !${key}.startsWith('/'))`,
        message:
          'every spec.data[].match.remoteRef.remoteKey must lie below the team\'s own key prefix, without "..", "//" or a leading "/"',
        messageExpression: `'remoteKey must start with ' + variables.keyPrefix + ' and contain no "..", "//" or leading "/"'`,
      },
    ],
  };
}

/**
 * The one SecretStore of a tenant namespace is exactly the rendered one: the
 * platform's Vault, its KV mount, and the team's own Kubernetes-auth role as
 * ESO's ServiceAccount. The role's Vault policy allows only the team's key
 * prefix, so the store can reach nothing else.
 */
export function secretStoresPolicy(platform: PlatformModel): PolicySpec {
  const { vault } = platform.config;
  const v = 'object.spec.provider.vault';
  const k = `${v}.auth.kubernetes`;
  return {
    name: 'certificates-tenant-secretstores',
    description: `Tenants may only have the SecretStore "${SECRET_STORE_NAME}" the platform renders, on the team's own Vault role.`,
    rules: [{ group: 'external-secrets.io', resources: ['secretstores'] }],
    variables: [TEAM_VARIABLE],
    validations: [
      {
        expression: `has(object.metadata.name) && object.metadata.name == ${celString(
          SECRET_STORE_NAME,
        )}`,
        message: `the only SecretStore allowed in a tenant namespace is "${SECRET_STORE_NAME}"`,
      },
      {
        expression:
          `has(object.spec.provider) && size(object.spec.provider) == 1 && has(${v}) && ` +
          `has(${v}.server) && ${v}.server == ${celString(vault.server)} && ` +
          `has(${v}.path) && ${v}.path == ${celString(vault.kvMount)} && ` +
          `has(${v}.version) && ${v}.version == 'v2' && ` +
          `has(${v}.auth) && size(${v}.auth) == 1 && has(${k}) && ` +
          `has(${k}.mountPath) && ${k}.mountPath == ${celString(
            vault.kubernetesAuthMount,
          )} && ` +
          `has(${k}.role) && ${k}.role == ${celString(
            vaultRoleName(''),
          )} + variables.team && ` +
          `has(${k}.serviceAccountRef) && ${k}.serviceAccountRef.name == ${celString(
            ESO_SERVICE_ACCOUNT,
          )} && !has(${k}.serviceAccountRef.namespace) && !has(${v}.namespace)`,
        message: `the SecretStore must use Vault ${
          vault.server
        }, KV v2 mount "${vault.kvMount}" and Kubernetes auth at "${
          vault.kubernetesAuthMount
        }" with the team's own role ${vaultRoleName(
          '<team>',
        )} as ServiceAccount ${ESO_SERVICE_ACCOUNT}`,
        messageExpression: `'the SecretStore must use Vault ' + ${celString(
          vault.server,
        )} + ', KV v2 mount ' + ${celString(
          vault.kvMount,
        )} + ' and role ' + ${celString(
          vaultRoleName(''),
        )} + variables.team + ' as ServiceAccount ' + ${celString(
          ESO_SERVICE_ACCOUNT,
        )}`,
      },
    ],
  };
}

/** ExternalSecrets in a tenant namespace may never read through a ClusterSecretStore. */
export function externalSecretsPolicy(): PolicySpec {
  const storeRefOk = (r: string) =>
    `(!has(${r}.kind) || ${r}.kind == 'SecretStore')`;
  return {
    name: 'certificates-tenant-externalsecrets',
    description:
      'ExternalSecrets in a tenant namespace may not reference a ClusterSecretStore.',
    rules: [{ group: 'external-secrets.io', resources: ['externalsecrets'] }],
    variables: [
      {
        name: 'storeRefs',
        expression:
          '(has(object.spec.secretStoreRef) ? [object.spec.secretStoreRef] : []) + ' +
          '(has(object.spec.data) ? object.spec.data.filter(d, has(d.sourceRef) && has(d.sourceRef.storeRef)).map(d, d.sourceRef.storeRef) : []) + ' +
          '(has(object.spec.dataFrom) ? object.spec.dataFrom.filter(d, has(d.sourceRef) && has(d.sourceRef.storeRef)).map(d, d.sourceRef.storeRef) : [])',
      },
    ],
    validations: [
      {
        expression: `variables.storeRefs.all(r, ${storeRefOk('r')})`,
        message:
          'ExternalSecrets in a tenant namespace may only reference a SecretStore, never a ClusterSecretStore',
      },
    ],
  };
}
