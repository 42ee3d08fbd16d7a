import { getPublicSuffix } from 'tldts';

/** Why a DNS name was refused; the message is written for the person who typed it. */
export type NameProblem = { message: string };

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const PUNYCODE_BASIC = /^xn--[a-z0-9-]+$/;

/** Longest DNS name in presentation form without the trailing dot (RFC 1035). */
export const MAX_NAME_LENGTH = 253;

export type LabelRules = {
  /** Whether `xn--` (punycode) labels are allowed, per zone. */
  allowIdn: boolean;
};

/**
 * Checks one label with no folding: uppercase, Unicode and every other
 * deviation is refused rather than normalised, so what is validated is
 * exactly what lands in the manifests.
 */
export function checkLabel(
  label: string,
  rules: LabelRules,
): NameProblem | undefined {
  if (label.length === 0) return { message: 'has an empty label' };
  if (label.length > 63)
    return {
      message: `label "${printable(label)}" is longer than 63 characters`,
    };
  // eslint-disable-next-line no-control-regex
  if (/[^\x21-\x7e]/.test(label))
    return { message: 'must be ASCII letters, digits and hyphens only' };
  if (/[A-Z]/.test(label)) return { message: 'must be lowercase' };
  if (label.includes('_')) return { message: 'must not contain underscores' };
  if (!LDH_LABEL.test(label)) {
    return {
      message: `label "${printable(
        label,
      )}" must be letters, digits and hyphens, not starting or ending with a hyphen`,
    };
  }
  if (label.slice(2, 4) === '--') {
    if (!label.startsWith('xn--'))
      return {
        message: `label "${label}" has "--" in positions 3-4 but is not punycode`,
      };
    if (!rules.allowIdn)
      return {
        message: `label "${label}" is an internationalised (punycode) label, which this zone does not allow`,
      };
    if (!PUNYCODE_BASIC.test(label) || label.length < 5)
      return { message: `label "${label}" is not valid punycode` };
  }
  return undefined;
}

/** Checks a whole host name (no wildcard). */
export function checkHostName(
  name: string,
  rules: LabelRules,
): NameProblem | undefined {
  if (name.length === 0) return { message: 'must not be empty' };
  if (name.length > MAX_NAME_LENGTH)
    return { message: `must be at most ${MAX_NAME_LENGTH} characters` };
  if (name.endsWith('.')) return { message: 'must not end with a dot' };
  if (IPV4.test(name) || name.includes(':'))
    return { message: 'must be a DNS name, not an IP address or URL' };
  if (name.includes('@'))
    return { message: 'must be a DNS name, not an e-mail address' };
  if (name.includes('/'))
    return { message: 'must be a DNS name, not a URL or path' };
  for (const label of name.split('.')) {
    const problem = checkLabel(label, rules);
    if (problem) return problem;
  }
  if (isPublicSuffix(name))
    return { message: `"${name}" is a public suffix and cannot be certified` };
  return undefined;
}

/**
 * Checks a name that may be a wildcard. The `*` is only ever the whole
 * leftmost label, and the name it stands under must not be a public suffix.
 */
export function checkCertificateName(
  name: string,
  rules: LabelRules,
): NameProblem | undefined {
  if (name.startsWith('*.')) {
    const base = name.slice(2);
    if (base.includes('*'))
      return { message: 'a wildcard may only be the whole leftmost label' };
    if (name.length > MAX_NAME_LENGTH)
      return { message: `must be at most ${MAX_NAME_LENGTH} characters` };
    const problem = checkHostName(base, rules);
    if (problem) return problem;
    if (base.split('.').length < 2)
      return { message: 'a wildcard needs a registrable name under it' };
    return undefined;
  }
  if (name.includes('*'))
    return {
      message: 'a wildcard may only be the whole leftmost label ("*.name")',
    };
  return checkHostName(name, rules);
}

/** True when the name itself is an ICANN or private public suffix (`com`, `co.uk`, `github.io`). */
export function isPublicSuffix(name: string): boolean {
  const suffix = getPublicSuffix(name, { allowPrivateDomains: true });
  return suffix === name;
}

/** True when `name` equals `base` or lies below it; the dot keeps `ab.c` from matching `b.c`. */
export function isAtOrBelow(name: string, base: string): boolean {
  return name === base || name.endsWith(`.${base}`);
}

function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 70);
}
