/**
 * What cert-manager's DNS-01 solvers report when the DNS provider refuses
 * (the fault challenge-stuck), worded as each solver words it.
 */
export function dnsProviderError(
  provider: string | undefined,
  dnsName: string,
): string {
  const record = `_acme-challenge.${dnsName}.`;
  switch (provider) {
    case 'route53':
      return `failed to determine Route 53 hosted zone ID: operation error Route 53: ListHostedZonesByName, https response error StatusCode: 403, RequestID: 6f1c2a3b-0d4e-4f5a-9b8c-7d6e5f4a3b2c, api error AccessDenied: User: arn:aws:sts::123456789012:assumed-role/cert-manager/cert-manager is not authorized to perform: route53:ListHostedZonesByName because no identity-based policy allows the route53:ListHostedZonesByName action`;
    case 'cloudflare':
    default:
      return `while attempting to find Zones for domain ${record}\nwhile querying the Cloudflare API for GET "/zones?name=${dnsName}"\n\t Error: 9109: Invalid access token`;
  }
}

/** The DNS provider type of the zone `dnsName` is in (longest matching domain). */
export function providerFor(
  zones: Array<{ domain: string; provider?: string }>,
  dnsName: string,
): string | undefined {
  const name = dnsName.replace(/^\*\./, '');
  return zones
    .filter(z => name === z.domain || name.endsWith(`.${z.domain}`))
    .sort((a, b) => b.domain.length - a.domain.length)[0]?.provider;
}
