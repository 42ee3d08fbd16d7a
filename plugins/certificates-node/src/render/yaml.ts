import { DEFAULT_SCHEMA, dump, Type } from 'js-yaml';
import { RenderedFile } from '@internal/plugin-certificates-common';

/**
 * Plain scalars that a YAML 1.1 reader (go-yaml v2 behind kubectl and
 * sigs.k8s.io/yaml, PyYAML, older Helm) would read as something other than a
 * string. js-yaml already quotes the YAML 1.2 core types and, in its default
 * compat mode, the 1.1 booleans (`no`, `on`, `y`) and base-60 numbers; this
 * list adds the rest of the 1.1 implicit types so that every string we write
 * is quoted if any reader could take it for a bool, null, number or date.
 */
const YAML11_IMPLICIT: RegExp[] = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9._]*(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^(?:<<|=)$/,
];

// Every implicit type above starts with one of these characters (or is empty).
const MAY_START_IMPLICIT = new Set('yYnNtTfFoO~-+0123456789.<='.split(''));
const YAML11_IMPLICIT_ANY = new RegExp(
  YAML11_IMPLICIT.map(re => `(?:${re.source})`).join('|'),
);

/** True when a YAML 1.1 or 1.2 reader could resolve the plain scalar `value` to a non-string. */
export function isYaml11Ambiguous(value: string): boolean {
  // Most strings in a manifest start otherwise and are answered without a regex.
  if (value.length > 0 && !MAY_START_IMPLICIT.has(value[0])) return false;
  return YAML11_IMPLICIT_ANY.test(value);
}

// Never constructs anything (it has no predicate/instanceOf, so the dumper never
// picks it to represent a value); it only makes the dumper's "would this plain
// scalar be read back as another type?" check answer yes, which forces quotes.
const yaml11Ambiguous = new Type('tag:backstage.io,2025:yaml11-ambiguous', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' && isYaml11Ambiguous(data),
  construct: (data: string) => data,
});

const DUMP_SCHEMA = DEFAULT_SCHEMA.extend({ implicit: [yaml11Ambiguous] });

/** Serialises one manifest as one YAML document (no `---`), deterministically. */
export function toYaml(doc: unknown): string {
  return dump(doc, {
    schema: DUMP_SCHEMA,
    noRefs: true,
    lineWidth: -1,
    sortKeys: false,
    noCompatMode: false,
    quotingType: "'",
  });
}

/** One rendered YAML file holding exactly one document. */
export function yamlFile(path: string, doc: unknown): RenderedFile {
  return { path, content: toYaml(doc) };
}

/** Files sorted by path (code-unit order, locale independent) and checked for duplicate paths. */
export function sortFiles(files: RenderedFile[]): RenderedFile[] {
  const byPath = (a: RenderedFile, b: RenderedFile) => {
    if (a.path === b.path) return 0;
    return a.path < b.path ? -1 : 1;
  };
  const sorted = [...files].sort(byPath);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].path === sorted[i - 1].path) {
      throw new Error(`renderer produced two files at ${sorted[i].path}`);
    }
  }
  return sorted;
}

/** Deep copy with object keys sorted, for free-form maps whose order should not depend on input order. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}
