import {
  createPlatformModel,
  DnsProviderConfig,
  parseCertificateRequest,
  PlatformModel,
  resolveCertificateRequest,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';

/** One configuration per DNS provider and credential style the renderer supports. */
export const DNS_PROVIDER_VARIANTS: Record<string, DnsProviderConfig> = {
  cloudflare: {
    type: 'cloudflare',
    apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
  },
  'route53-static-keys': {
    type: 'route53',
    region: 'eu-west-1',
    hostedZoneID: 'Z0000000EXAMPLE',
    accessKeyIDSecretRef: { name: 'route53-credentials', key: 'access-key-id' },
    secretAccessKeySecretRef: {
      name: 'route53-credentials',
      key: 'secret-access-key',
    },
  },
  'route53-service-account': {
    type: 'route53',
    region: 'us-east-1',
    role: 'arn:aws:iam::123456789012:role/cert-manager-dns01',
    serviceAccountName: 'cert-manager-route53',
  },
  'route53-ambient': { type: 'route53', region: 'eu-central-1' },
  'clouddns-secret': {
    type: 'cloudDNS',
    project: 'my-gcp-project',
    serviceAccountSecretRef: { name: 'clouddns-dns01-solver', key: 'key.json' },
  },
  'clouddns-workload-identity': { type: 'cloudDNS', project: 'my-gcp-project' },
  'azuredns-client-secret': {
    type: 'azureDNS',
    subscriptionID: '00000000-0000-0000-0000-000000000001',
    resourceGroupName: 'dns-rg',
    hostedZoneName: 'example.com',
    environment: 'AzurePublicCloud',
    clientID: '00000000-0000-0000-0000-000000000002',
    clientSecretSecretRef: { name: 'azuredns-config', key: 'client-secret' },
    tenantID: '00000000-0000-0000-0000-000000000003',
  },
  'azuredns-managed-identity': {
    type: 'azureDNS',
    subscriptionID: '00000000-0000-0000-0000-000000000001',
    resourceGroupName: 'dns-rg',
    hostedZoneName: 'example.com',
    managedIdentityClientID: '00000000-0000-0000-0000-000000000004',
  },
  digitalocean: {
    type: 'digitalocean',
    tokenSecretRef: { name: 'digitalocean-dns', key: 'access-token' },
  },
  rfc2136: {
    type: 'rfc2136',
    nameserver: '192.0.2.53:53',
    tsigKeyName: 'example-com-secret',
    tsigAlgorithm: 'HMACSHA512',
    tsigSecretSecretRef: { name: 'tsig-secret', key: 'tsig-secret-key' },
  },
  webhook: {
    type: 'webhook',
    groupName: 'acme.example.com',
    solverName: 'my-dns',
    // Free-form: values that look like YAML syntax or YAML 1.1 booleans must stay strings.
    config: {
      zone: 'no',
      ttl: 60,
      apiUrl: 'https://dns.example.com/api',
      note: 'a: b\n---\nkind: Secret',
      enabled: 'on',
    },
  },
};

/** A platform with two zones (the second uses `provider`), two issuers and three teams, one of them named `no`. */
export function testPlatformConfig(
  provider: DnsProviderConfig = DNS_PROVIDER_VARIANTS.cloudflare,
) {
  return {
    issuers: [
      {
        name: 'letsencrypt-staging',
        description: 'Untrusted test certificates',
        server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        staging: true,
      },
      {
        name: 'letsencrypt-prod',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.com',
        privateKeySecretName: 'letsencrypt-prod-account',
      },
    ],
    zones: [
      { domain: 'example.com', dnsProvider: provider },
      {
        domain: 'example.org',
        teamSubdomainWildcards: false,
        dnsProvider: DNS_PROVIDER_VARIANTS.cloudflare,
      },
    ],
    teams: [
      {
        name: 'team-a',
        grants: [{ zone: 'example.com', subtree: 'shop', wildcard: true }],
      },
      { name: 'team-b', grants: [{ zone: 'example.org', subtree: '' }] },
      { name: 'no' },
    ],
  };
}

export function createTestPlatform(
  provider?: DnsProviderConfig,
): PlatformModel {
  return createPlatformModel(testPlatformConfig(provider));
}

/** Parses and resolves a request body against `platform`, throwing on any problem. */
export function resolveOrThrow(
  body: unknown,
  platform: PlatformModel,
): ResolvedCertificateRequest {
  const parsed = parseCertificateRequest(body);
  if (!parsed.ok)
    throw new Error(`invalid request: ${JSON.stringify(parsed.problems)}`);
  const resolved = resolveCertificateRequest(parsed.request, platform);
  if (!resolved.ok)
    throw new Error(
      `unresolvable request: ${JSON.stringify(resolved.problems)}`,
    );
  return resolved.resolved;
}

/**
 * Three nested zones, each owned by a different team, and a team named after
 * the middle zone's label:
 * - `example.com`: team-a owns the apex (with `*.example.com`) and `shop`.
 * - `dev.example.com`: team-b owns the apex (with `*.dev.example.com`) and
 *   the subtree `west.dev.example.com`, which spans the zone below.
 * - `eu.west.dev.example.com`: team-c owns the apex and `app`.
 * - `example.net` gives every team its subdomain, but team `dev`'s default
 *   `dev.example.net` is the zone below, so team `dev` gets nothing there.
 */
export function nestedZonesConfig() {
  const base = testPlatformConfig();
  const zone = (domain: string, teamSubdomains: boolean) => ({
    domain,
    teamSubdomains,
    dnsProvider: DNS_PROVIDER_VARIANTS.cloudflare,
  });
  return {
    ...base,
    zones: [
      zone('example.com', false),
      zone('dev.example.com', false),
      zone('eu.west.dev.example.com', false),
      // Team defaults here: team "dev" would get dev.example.net, another zone.
      zone('example.net', true),
      zone('dev.example.net', false),
    ],
    teams: [
      {
        name: 'team-a',
        grants: [
          { zone: 'example.com', subtree: '', wildcard: true },
          { zone: 'example.com', subtree: 'shop', wildcard: true },
        ],
      },
      {
        name: 'team-b',
        grants: [
          { zone: 'dev.example.com', subtree: '', wildcard: true },
          { zone: 'dev.example.com', subtree: 'west', wildcard: true },
        ],
      },
      {
        name: 'team-c',
        grants: [
          { zone: 'eu.west.dev.example.com', subtree: '' },
          { zone: 'eu.west.dev.example.com', subtree: 'app', wildcard: true },
        ],
      },
      { name: 'dev' },
    ],
  };
}

/**
 * IDN twins in one zone that allows punycode: team-a owns
 * `xn--bcher-kva.example.com` (bücher), team-b owns the ASCII look-alike
 * `bucher.example.com`.
 */
export function idnTwinsConfig() {
  const base = testPlatformConfig();
  return {
    ...base,
    zones: [
      {
        domain: 'example.com',
        allowIdn: true,
        teamSubdomains: false,
        dnsProvider: DNS_PROVIDER_VARIANTS.cloudflare,
      },
    ],
    teams: [
      {
        name: 'team-a',
        grants: [
          { zone: 'example.com', subtree: 'xn--bcher-kva', wildcard: true },
        ],
      },
      {
        name: 'team-b',
        grants: [{ zone: 'example.com', subtree: 'bucher', wildcard: true }],
      },
    ],
  };
}
