import { MAX_CERTIFICATE_NAME_LENGTH } from '../request/fields';

/** Stands for `*.`: the only run of three hyphens a derived name can have. */
const WILDCARD_PREFIX = 'wildcard---';
/** Separates a shortened name's head from its hash: a run of five, impossible otherwise. */
const SHORTENED = '-----';

/**
 * Certificate names derived from DNS names, injectively: two different
 * requested names never map to the same Kubernetes object name, file path or
 * Vault key.
 *
 * A DNS name is lowercase letters, digits, `-` and `.`, labels never start or
 * end with `-`, and `*` is only a whole leftmost label. The name is written as
 * a DNS-1123 label by doubling every `-` and writing each `.` as one `-`.
 * Since a `.` never touches a `-`, every run of hyphens in the result has
 * length 1 (a dot) or is even (hyphens of the name), so the mapping can be
 * read back. `*.` becomes the prefix `wildcard---`: the only run of three,
 * which no plain name produces. Examples:
 *
 * - `api.shop.example.com` → `api-shop-example-com` (unchanged from before)
 * - `a-b.example.com` → `a--b-example-com`, `a.b.example.com` → `a-b-example-com`
 * - `*.shop.example.com` → `wildcard---shop-example-com`,
 *   `wildcard.shop.example.com` → `wildcard-shop-example-com`
 *
 * A result longer than {@link MAX_CERTIFICATE_NAME_LENGTH} keeps its head and
 * ends in `-----` (a run of five, again impossible otherwise) and an FNV-1a
 * hash of the full name. Only shortened names can collide (same head, same
 * 32-bit hash); the request store refuses such a collision with a 409.
 */
export function deriveCertificateName(name: string): string {
  const wildcard = name.startsWith('*.');
  const rest = wildcard ? name.slice(2) : name;
  const escaped = rest.replace(/-/g, '--').replace(/\./g, '-');
  const full = wildcard ? `${WILDCARD_PREFIX}${escaped}` : escaped;
  if (full.length <= MAX_CERTIFICATE_NAME_LENGTH) return full;
  const hash = fnv1a32(name);
  const head = full
    .slice(0, MAX_CERTIFICATE_NAME_LENGTH - hash.length - SHORTENED.length)
    .replace(/-+$/, '');
  return `${head}${SHORTENED}${hash}`;
}

/**
 * The DNS name a derived certificate name stands for, or undefined for a
 * shortened (hashed) name or one that no DNS name derives to. The inverse of
 * {@link deriveCertificateName} on every name it did not shorten.
 */
export function certificateNameToDnsName(
  certificateName: string,
): string | undefined {
  const wildcard = certificateName.startsWith(WILDCARD_PREFIX);
  const body = wildcard
    ? certificateName.slice(WILDCARD_PREFIX.length)
    : certificateName;
  let out = '';
  for (const run of body.split(/([-]+)/)) {
    if (!run.startsWith('-')) out += run;
    else if (run.length === 1) out += '.';
    else if (run.length % 2 === 0) out += '-'.repeat(run.length / 2);
    else return undefined;
  }
  return wildcard ? `*.${out}` : out;
}

/** FNV-1a, 32 bit, as 8 hex digits: short, stable and the same in browser and Node. */
export function fnv1a32(value: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
