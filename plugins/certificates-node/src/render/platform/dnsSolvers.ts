import {
  DnsProviderConfig,
  ZoneConfig,
} from '@internal/plugin-certificates-common';
import { sortKeysDeep } from '../yaml';

type SecretRef = { name: string; key: string };
const ref = (r: SecretRef) => ({ name: r.name, key: r.key });

/** Drops undefined values so optional settings leave no key behind. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

/**
 * The `dns01` block for one provider. Credentials appear only as references to
 * Secrets in cert-manager's namespace; without any, the provider uses ambient
 * or workload identity.
 */
export function dns01For(provider: DnsProviderConfig): Record<string, unknown> {
  switch (provider.type) {
    case 'cloudflare':
      return {
        cloudflare: { apiTokenSecretRef: ref(provider.apiTokenSecretRef) },
      };
    case 'route53':
      return {
        route53: compact({
          region: provider.region,
          hostedZoneID: provider.hostedZoneID,
          role: provider.role,
          accessKeyIDSecretRef:
            provider.accessKeyIDSecretRef && ref(provider.accessKeyIDSecretRef),
          secretAccessKeySecretRef:
            provider.secretAccessKeySecretRef &&
            ref(provider.secretAccessKeySecretRef),
          auth: provider.serviceAccountName
            ? {
                kubernetes: {
                  serviceAccountRef: { name: provider.serviceAccountName },
                },
              }
            : undefined,
        }),
      };
    case 'cloudDNS':
      return {
        cloudDNS: compact({
          project: provider.project,
          serviceAccountSecretRef:
            provider.serviceAccountSecretRef &&
            ref(provider.serviceAccountSecretRef),
        }),
      };
    case 'azureDNS':
      return {
        azureDNS: compact({
          subscriptionID: provider.subscriptionID,
          resourceGroupName: provider.resourceGroupName,
          hostedZoneName: provider.hostedZoneName,
          environment: provider.environment,
          clientID: provider.clientID,
          clientSecretSecretRef:
            provider.clientSecretSecretRef &&
            ref(provider.clientSecretSecretRef),
          tenantID: provider.tenantID,
          managedIdentity: provider.managedIdentityClientID
            ? { clientID: provider.managedIdentityClientID }
            : undefined,
        }),
      };
    case 'digitalocean':
      return { digitalocean: { tokenSecretRef: ref(provider.tokenSecretRef) } };
    case 'rfc2136':
      return {
        rfc2136: compact({
          nameserver: provider.nameserver,
          tsigKeyName: provider.tsigKeyName,
          tsigAlgorithm: provider.tsigAlgorithm,
          tsigSecretSecretRef:
            provider.tsigSecretSecretRef && ref(provider.tsigSecretSecretRef),
        }),
      };
    case 'webhook':
      return {
        webhook: compact({
          groupName: provider.groupName,
          solverName: provider.solverName,
          config:
            provider.config === undefined
              ? undefined
              : sortKeysDeep(provider.config),
        }),
      };
    default: {
      const unknownProvider: never = provider;
      throw new Error(
        `unsupported DNS provider ${JSON.stringify(unknownProvider)}`,
      );
    }
  }
}

/** One ACME solver per zone, selected by the zone's domain. */
export function dnsSolvers(
  zones: ZoneConfig[],
): Array<Record<string, unknown>> {
  return zones.map(zone => ({
    selector: { dnsZones: [zone.domain] },
    dns01: dns01For(zone.dnsProvider),
  }));
}
