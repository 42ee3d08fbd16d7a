/**
 * Helpers that turn platform data into CEL source text. Every value that
 * ends up inside an expression goes through {@link celString}, so a name from
 * the configuration can never change the structure of an expression.
 */

/** A CEL string literal (single-quoted, escaped). */
export function celString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f)
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A CEL list literal of strings, in the given order. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/** A CEL map literal from string keys to already-rendered CEL expressions, keys in the given order. */
export function celMap(entries: Array<[string, string]>): string {
  return `{${entries.map(([k, v]) => `${celString(k)}: ${v}`).join(', ')}}`;
}

/**
 * A DNS name as the admission side accepts it: lowercase LDH labels of at
 * most 63 characters, at least two labels, an optional leading `*.` and no
 * trailing dot. Written without backslashes so it reads the same in CEL,
 * YAML and RE2.
 */
export const DNS_NAME_PATTERN =
  '^([*][.])?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$';
