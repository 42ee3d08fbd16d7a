import { parse } from '@cdktf/hcl2json';

/**
 * Vault ACL path matching for tests, following Vault's rules: a `*` is a
 * glob only as the very last character (prefix match); `+` is a wildcard for
 * exactly one path segment when it is a whole segment; everything else is
 * literal. Patterns are compared against request paths without a leading `/`.
 */
export function vaultPathMatches(pattern: string, path: string): boolean {
  const prefixGlob = pattern.endsWith('*');
  const body = prefixGlob ? pattern.slice(0, -1) : pattern;
  const patternSegments = body.split('/');
  const pathSegments = path.split('/');
  if (prefixGlob) {
    // Segments before the last must match one by one; the last pattern segment is a string prefix of the path rest.
    const last = patternSegments.length - 1;
    if (pathSegments.length < patternSegments.length) return false;
    for (let i = 0; i < last; i++) {
      if (patternSegments[i] !== '+' && patternSegments[i] !== pathSegments[i])
        return false;
    }
    const rest = pathSegments.slice(last).join('/');
    return patternSegments[last] === '+'
      ? true
      : rest.startsWith(patternSegments[last]);
  }
  if (patternSegments.length !== pathSegments.length) return false;
  return patternSegments.every((s, i) => s === '+' || s === pathSegments[i]);
}

export type VaultPathRule = { path: string; capabilities: string[] };

/** Parses Vault policy HCL with HashiCorp's own parser (hcl2json) into its path rules. */
export async function parseVaultPolicy(
  hcl: string,
  fileName = 'policy.hcl',
): Promise<VaultPathRule[]> {
  const json = (await parse(fileName, hcl)) as {
    path?: Record<string, Array<{ capabilities?: string[] }>>;
  };
  const rules: VaultPathRule[] = [];
  for (const [path, blocks] of Object.entries(json.path ?? {})) {
    for (const block of blocks)
      rules.push({ path, capabilities: [...(block.capabilities ?? [])] });
  }
  return rules;
}

/**
 * The capabilities the rules grant on `path`. Vault picks the single most
 * specific matching rule; for the policies rendered here at most one rule
 * matches any path, which {@link matchingRules} lets tests assert.
 */
export function matchingRules(
  rules: VaultPathRule[],
  path: string,
): VaultPathRule[] {
  return rules.filter(r => vaultPathMatches(r.path, path));
}
