import { PlatformModel } from '@internal/plugin-certificates-common';

const within = (name: string, domain: string) =>
  name === domain || name.endsWith(`.${domain}`);

/**
 * The registered domain a DNS name counts against at Let's Encrypt (the part
 * bought from a registrar): the longest of `issuance.registeredDomains`
 * containing it, else the topmost configured zone containing it (zones
 * nested below another configured zone share its budget). Without the
 * public suffix list the platform cannot tell by itself that two top zones
 * share a registered domain; `issuance.registeredDomains` says so.
 */
export function registeredDomainOf(
  name: string,
  platform: PlatformModel,
): string {
  const plain = name.replace(/^\*\./, '');
  const configured = platform.config.issuance.registeredDomains
    .filter(d => within(plain, d))
    .sort((a, b) => b.length - a.length)[0];
  if (configured) return configured;
  const top = platform.zones
    .map(z => z.domain)
    .filter(d => within(plain, d))
    .sort((a, b) => a.length - b.length)[0];
  return top ?? plain;
}
