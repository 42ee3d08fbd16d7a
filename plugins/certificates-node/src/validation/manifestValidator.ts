import fs from 'fs';
import path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadAll } from 'js-yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { RenderedFile } from '@internal/plugin-certificates-common';
import { SCHEMA_SOURCES, schemaKey, SchemaSource } from './schemaRegistry';
import { CelRuleTree, checkCelRules, compileCelRules } from './celRules';

/** OpenAPI / Kubernetes vendor keywords ajv does not know; declared so ajv stays strict about the rest. */
const K8S_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-unions',
  'example',
];

/**
 * CRD patterns are Go RE2; a leading inline flag group such as `(?i)` is not
 * valid JavaScript, so it is turned into a RegExp flag.
 */
function re2ish(pattern: string, flags = ''): RegExp {
  let p = pattern;
  let f = flags;
  const m = p.match(/^(\^?)\(\?([imsU]+)\)/);
  if (m) {
    p = m[1] + p.slice(m[0].length);
    for (const c of m[2]) if ('ims'.includes(c) && !f.includes(c)) f += c;
  }
  return new RegExp(p, f);
}
re2ish.code = 're2ish';

/** The keywords of a JSON Schema (or CRD `openAPIV3Schema`) node that this file reads or sets. */
interface JsonSchema {
  $schema?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [keyword: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null;

/** `v[key]` when `v` is an object, else undefined. */
const prop = (v: unknown, key: string): unknown =>
  isObject(v) ? v[key] : undefined;

/**
 * A schema node is any JSON object: the keywords are read defensively
 * (`walk` checks each child node again), as the files are parsed JSON/YAML.
 */
const isSchema = (v: unknown): v is JsonSchema => isObject(v);

/**
 * Emulates the API server's strict field validation: every object node that
 * lists `properties`, has no `additionalProperties` and does not preserve
 * unknown fields gets `additionalProperties: false`. allOf/anyOf/oneOf/not
 * only carry constraints in structural schemas and are left alone.
 */
function strictify(schema: JsonSchema): JsonSchema {
  const s = structuredClone(schema);
  const walk = (n: unknown): void => {
    if (!isSchema(n)) return;
    if (
      n.properties &&
      n.additionalProperties === undefined &&
      !n['x-kubernetes-preserve-unknown-fields']
    ) {
      n.additionalProperties = false;
    }
    for (const c of Object.values(n.properties ?? {})) walk(c);
    if (n.items && typeof n.items === 'object') walk(n.items);
    if (n.additionalProperties && typeof n.additionalProperties === 'object')
      walk(n.additionalProperties);
  };
  walk(s);
  return s;
}

function hasNull(v: unknown): boolean {
  if (v === null) return true;
  if (Array.isArray(v)) return v.some(hasNull);
  if (isObject(v) && !(v instanceof Date)) {
    for (const k in v) if (hasNull(v[k])) return true;
  }
  return false;
}

/** Mirrors the API server dropping null-valued fields before validation. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (isObject(v) && !(v instanceof Date)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) o[k] = dropNulls(x);
    return o;
  }
  return v;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    e =>
      `${e.instancePath || '/'} ${e.message}${
        e.params && Object.keys(e.params).length
          ? ` ${JSON.stringify(e.params)}`
          : ''
      }`,
  );
}

export type ManifestValidationResult = { valid: boolean; errors: string[] };

export type ManifestValidator = {
  /**
   * Validates one parsed manifest against the schema for its apiVersion +
   * kind, then its `x-kubernetes-validations` rules. Unknown kinds are errors.
   * Without `old` it is a create: transition rules (`oldSelf`) are skipped,
   * as the API server skips them; with `old` it is an update of that object.
   */
  validate(doc: unknown, options?: { old?: unknown }): ManifestValidationResult;
  /** Parses `content` as YAML and validates each document; `documents` is how many there were. */
  validateYaml(
    content: string,
  ): ManifestValidationResult & { documents: number };
  /**
   * Validates rendered files: every `.yaml` file must hold exactly one valid
   * document; other files (e.g. `.hcl`) are skipped. Returns problems by path.
   */
  validateFiles(
    files: RenderedFile[],
  ): Array<{ path: string; errors: string[] }>;
  /** Compiles the schemas of the given `apiVersion/kind` keys now (compiling is slow; do it once, up front). */
  warmUp(keys?: string[]): void;
  /** The `apiVersion/kind` keys this validator knows. */
  kinds(): string[];
};

export type ManifestValidatorOptions = {
  /** Folder holding the schema copies; defaults to this package's `schemas/`. */
  schemasDir?: string;
};

function defaultSchemasDir(): string {
  return resolvePackagePath('@internal/plugin-certificates-node', 'schemas');
}

/**
 * Creates a validator for the manifests the renderer produces, against the
 * upstream CRDs and Kubernetes JSON schemas copied into `schemas/`, in strict
 * mode (unknown fields are errors, as with `kubectl --validate=strict`).
 * Schemas are compiled lazily, once per validator, per kind.
 */
export function createManifestValidator(
  options: ManifestValidatorOptions = {},
): ManifestValidator {
  const dir = options.schemasDir ?? defaultSchemasDir();
  // Two compilations of the same schemas: a fast one that stops at the first
  // error, and, only once a document fails, one that reports every error.
  const createAjv = (allErrors: boolean) => {
    const instance = new Ajv({
      allErrors,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowUnionTypes: true,
      validateSchema: false,
      code: { regExp: re2ish },
    });
    addFormats(instance);
    instance.addVocabulary(K8S_KEYWORDS);
    return instance;
  };
  const ajv = createAjv(false);
  let ajvAllErrors: Ajv | undefined;

  const compiled = new Map<string, ValidateFunction>();
  /** CEL rules per kind; a kind without rules maps to undefined. */
  const celRules = new Map<string, CelRuleTree | undefined>();
  const compiledAllErrors = new Map<string, ValidateFunction>();
  let objectMeta: JsonSchema | undefined;
  const readJson = (file: string): JsonSchema => {
    const parsed: unknown = JSON.parse(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    );
    if (!isSchema(parsed)) throw new Error(`${file}: not a JSON Schema object`);
    return parsed;
  };
  const strictObjectMeta = (): JsonSchema => {
    if (!objectMeta) {
      const file = SCHEMA_SOURCES['v1/Namespace'].file;
      const metadata = readJson(file).properties?.metadata;
      if (!isSchema(metadata))
        throw new Error(`${file}: no properties.metadata schema`);
      objectMeta = metadata;
    }
    return objectMeta;
  };

  const schemaFor = (source: SchemaSource): JsonSchema => {
    if (source.type === 'builtin') {
      const s = readJson(source.file);
      delete s.$schema;
      return s;
    }
    const docs: unknown[] = loadAll(
      fs.readFileSync(path.join(dir, source.file), 'utf8'),
    );
    const crd = docs.find(
      d =>
        prop(d, 'kind') === 'CustomResourceDefinition' &&
        prop(prop(prop(d, 'spec'), 'names'), 'kind') === source.kind,
    );
    const versions = prop(prop(crd, 'spec'), 'versions');
    const version: unknown = Array.isArray(versions)
      ? versions.find((v: unknown) => prop(v, 'name') === source.version)
      : undefined;
    if (!prop(version, 'served'))
      throw new Error(
        `${source.file}: no served version ${source.version} of ${source.kind}`,
      );
    const openAPIV3Schema = prop(prop(version, 'schema'), 'openAPIV3Schema');
    if (!isSchema(openAPIV3Schema))
      throw new Error(
        `${source.file}: no openAPIV3Schema in version ${source.version} of ${source.kind}`,
      );
    const s = strictify(openAPIV3Schema);
    s.properties = {
      ...s.properties,
      apiVersion: {
        type: 'string',
        const: `${source.group}/${source.version}`,
      },
      kind: { type: 'string', const: source.kind },
      metadata: strictObjectMeta(),
    };
    s.required = [
      ...new Set([...(s.required ?? []), 'apiVersion', 'kind', 'metadata']),
    ];
    return s;
  };

  const validatorFor = (key: string): ValidateFunction | undefined => {
    let fn = compiled.get(key);
    if (!fn) {
      const source = SCHEMA_SOURCES[key];
      if (!source) return undefined;
      const schema = schemaFor(source);
      fn = ajv.compile(schema);
      compiled.set(key, fn);
      celRules.set(key, compileCelRules(schema, `${key}:`));
    }
    return fn;
  };

  const validate = (
    doc: unknown,
    update: { old?: unknown } = {},
  ): ManifestValidationResult => {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      return { valid: false, errors: ['/ must be an object'] };
    }
    const { apiVersion, kind } = doc as {
      apiVersion?: unknown;
      kind?: unknown;
    };
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return {
        valid: false,
        errors: ['/ must have string apiVersion and kind'],
      };
    }
    const fn = validatorFor(schemaKey(apiVersion, kind));
    if (!fn)
      return {
        valid: false,
        errors: [`/ no schema for ${apiVersion} ${kind}`],
      };
    const input = hasNull(doc) ? dropNulls(doc) : doc;
    const key = schemaKey(apiVersion, kind);
    if (fn(input)) {
      // As on the API server, CEL runs on a document the schema accepted (its types are known).
      const rules = celRules.get(key);
      if (!rules) return { valid: true, errors: [] };
      const errors: string[] = [];
      const old = hasNull(update.old) ? dropNulls(update.old) : update.old;
      checkCelRules(rules, input, old, '', errors);
      return { valid: errors.length === 0, errors };
    }
    let explain = compiledAllErrors.get(key);
    if (!explain) {
      ajvAllErrors ??= createAjv(true);
      explain = ajvAllErrors.compile(schemaFor(SCHEMA_SOURCES[key]));
      compiledAllErrors.set(key, explain);
    }
    explain(input);
    return { valid: false, errors: formatErrors(explain.errors) };
  };

  const validateYaml = (content: string) => {
    let docs: unknown[];
    try {
      docs = loadAll(content).filter(d => d !== null && d !== undefined);
    } catch (e) {
      return {
        valid: false,
        errors: [`/ does not parse as YAML: ${(e as Error).message}`],
        documents: 0,
      };
    }
    const errors = docs.flatMap((d, i) =>
      validate(d).errors.map(e => (docs.length > 1 ? `[${i}]${e}` : e)),
    );
    return { valid: errors.length === 0, errors, documents: docs.length };
  };

  return {
    validate,
    validateYaml,
    validateFiles(files) {
      const problems: Array<{ path: string; errors: string[] }> = [];
      for (const file of files) {
        // The repository's CI files (.github/) are YAML but not Kubernetes manifests.
        if (!/\.ya?ml$/.test(file.path) || file.path.startsWith('.github/'))
          continue;
        const result = validateYaml(file.content);
        const errors = [...result.errors];
        if (result.documents !== 1)
          errors.push(
            `/ must hold exactly one YAML document, found ${result.documents}`,
          );
        if (errors.length > 0) problems.push({ path: file.path, errors });
      }
      return problems;
    },
    warmUp(keys = Object.keys(SCHEMA_SOURCES)) {
      for (const key of keys) validatorFor(key);
    },
    kinds: () => Object.keys(SCHEMA_SOURCES),
  };
}
