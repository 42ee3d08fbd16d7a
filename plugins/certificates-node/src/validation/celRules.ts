import {
  celEnv,
  CelEnv,
  CelInput,
  isCelError,
  parse,
  plan,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/**
 * The `x-kubernetes-validations` (CEL) rules of a CRD schema, checked as the
 * API server checks them: each rule runs with `self` bound to the value of
 * the node that declares it, and fails the object unless it is `true`.
 *
 * Transition rules (those reading `oldSelf`) only run on an update, when the
 * node existed before: the API server skips them on create, and so does this
 * when no old object is given. A rule is a transition rule when its text
 * names `oldSelf`, which is how the API server decides too.
 *
 * Every program is compiled once, when the schema is; a schema without rules
 * costs nothing per document.
 */

/** One `x-kubernetes-validations` entry, as the CRD declares it. */
type RuleSpec = {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
};

type Program = ReturnType<typeof plan>;

type CompiledRule = {
  rule: string;
  program: Program;
  transition: boolean;
  message?: string;
  messageProgram?: Program;
  fieldPath?: string;
};

/** The schema nodes that hold rules, or have descendants that do; nothing else is kept. */
export type CelRuleTree = {
  rules: CompiledRule[];
  properties?: Map<string, CelRuleTree>;
  items?: CelRuleTree;
  /** `x-kubernetes-list-map-keys` of a map-typed list: how old and new items are matched. */
  listMapKeys?: string[];
  additionalProperties?: CelRuleTree;
};

/** The CEL environment of Kubernetes rules (with the strings extension); shared with the test admission evaluator. */
export const celEnvironment: CelEnv = celEnv({ funcs: strings });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function compile(expression: string, where: string): Program {
  try {
    return plan(celEnvironment, parse(expression));
  } catch (e) {
    // A rule the engine cannot compile would silently never be checked: refuse the schema.
    throw new Error(
      `${where}: x-kubernetes-validations rule does not compile: ${expression}: ${
        (e as Error).message
      }`,
    );
  }
}

function compileRules(specs: unknown, where: string): CompiledRule[] {
  if (!Array.isArray(specs)) return [];
  return specs.filter(isObject).map(spec => {
    const s = spec as RuleSpec;
    return {
      rule: s.rule,
      program: compile(s.rule, where),
      transition: /\boldSelf\b/.test(s.rule),
      message: s.message,
      messageProgram: s.messageExpression
        ? compile(s.messageExpression, where)
        : undefined,
      fieldPath: s.fieldPath,
    };
  });
}

/** Compiles every rule of `schema` (an `openAPIV3Schema`); undefined when it has none. */
export function compileCelRules(
  schema: unknown,
  where = '/',
): CelRuleTree | undefined {
  if (!isObject(schema)) return undefined;
  const tree: CelRuleTree = {
    rules: compileRules(schema['x-kubernetes-validations'], where),
  };
  let any = tree.rules.length > 0;
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const sub = compileCelRules(child, `${where.replace(/\/$/, '')}/${name}`);
      if (!sub) continue;
      tree.properties ??= new Map();
      tree.properties.set(name, sub);
      any = true;
    }
  }
  const items = compileCelRules(schema.items, `${where}[*]`);
  if (items) {
    tree.items = items;
    const keys = schema['x-kubernetes-list-map-keys'];
    if (schema['x-kubernetes-list-type'] === 'map' && Array.isArray(keys))
      tree.listMapKeys = keys.map(String);
    any = true;
  }
  const values = compileCelRules(schema.additionalProperties, `${where}/*`);
  if (values) {
    tree.additionalProperties = values;
    any = true;
  }
  return any ? tree : undefined;
}

/** JSON to CEL input as the API server binds it: objects as maps, integers as `int`. */
export function toCelInput(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toCelInput);
  if (typeof value === 'number')
    return Number.isInteger(value) ? BigInt(value) : value;
  if (isObject(value)) {
    return new Map(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toCelInput(v)]),
    );
  }
  return value as CelInput;
}

function messageOf(
  rule: CompiledRule,
  bindings: Record<string, CelInput>,
): string {
  if (rule.messageProgram) {
    const m = rule.messageProgram(bindings);
    if (typeof m === 'string' && m.trim() !== '') return m;
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

/** The old item matching `item` in a map-typed list (same values for every key). */
function oldItem(
  tree: CelRuleTree,
  item: unknown,
  oldList: unknown,
): unknown | undefined {
  if (!tree.listMapKeys || !Array.isArray(oldList) || !isObject(item))
    return undefined;
  return oldList.find(
    o => isObject(o) && tree.listMapKeys!.every(k => o[k] === (item as any)[k]),
  );
}

/** The JSON pointer of a rule's node, or of its `fieldPath` (`.spec.foo`) below it. */
function pointer(path: string, fieldPath?: string): string {
  const below = fieldPath ? fieldPath.replace(/\./g, '/') : '';
  return `${path}${below}` || '/';
}

/**
 * Checks `value` against the rules of `tree`, appending `<path> <message>` to
 * `errors` for each rule that is not `true` (an evaluation error fails the
 * rule, as it fails the request on the API server).
 */
export function checkCelRules(
  tree: CelRuleTree,
  value: unknown,
  old: unknown | undefined,
  path: string,
  errors: string[],
): void {
  if (value === undefined || value === null) return;
  if (tree.rules.length > 0) {
    const self = toCelInput(value);
    const oldSelf = old === undefined ? undefined : toCelInput(old);
    for (const rule of tree.rules) {
      if (rule.transition && oldSelf === undefined) continue; // create: skipped, as the API server does
      const bindings: Record<string, CelInput> =
        oldSelf === undefined ? { self } : { self, oldSelf };
      const result = rule.program(bindings);
      const at = pointer(path, rule.fieldPath);
      if (isCelError(result)) {
        errors.push(
          `${at} rule could not be evaluated (${result.message}): ${rule.rule}`,
        );
      } else if (result !== true) {
        errors.push(`${at} ${messageOf(rule, bindings)}`);
      }
    }
  }
  if (tree.properties && isObject(value)) {
    for (const [name, sub] of tree.properties) {
      checkCelRules(
        sub,
        value[name],
        isObject(old) ? old[name] : undefined,
        `${path}/${name}`,
        errors,
      );
    }
  }
  if (tree.items && Array.isArray(value)) {
    value.forEach((item, i) =>
      checkCelRules(
        tree.items!,
        item,
        oldItem(tree, item, old),
        `${path}/${i}`,
        errors,
      ),
    );
  }
  if (tree.additionalProperties && isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      checkCelRules(
        tree.additionalProperties,
        v,
        isObject(old) ? old[key] : undefined,
        `${path}/${key}`,
        errors,
      );
    }
  }
}

/** How many rules `tree` holds (the pinned CRDs are checked to hold all of theirs). */
export function countCelRules(tree: CelRuleTree | undefined): number {
  if (!tree) return 0;
  let n = tree.rules.length;
  for (const sub of tree.properties?.values() ?? []) n += countCelRules(sub);
  n += countCelRules(tree.items) + countCelRules(tree.additionalProperties);
  return n;
}
