import { CelInput, CelValue, isCelError, parse, plan } from '@bufbuild/cel';
import { celEnvironment, toCelInput } from '../../../validation/celRules';

/**
 * A small Kyverno / Kubernetes-admission stand-in for tests: evaluates the CEL
 * of rendered ValidatingPolicies and approver-policy rules with a conformant
 * CEL engine (@bufbuild/cel). Not used at run time.
 *
 * Semantics followed: `object`, `oldObject`, `namespaceObject`, `request` and
 * `variables.<name>` are bound; variables are evaluated in order (a later one
 * may read an earlier one); a policy applies when the operation, group and
 * resource (and resourceNames) match a resourceRule and the namespaceSelector
 * matches (and every matchCondition is true). The namespaceSelector follows
 * the API server: a namespaced object is matched on its Namespace's labels, a
 * Namespace on its own labels, and any other cluster-scoped object is never
 * skipped. The request is denied when a validation is `false`.
 *
 * An evaluation error (of a variable, a validation, a messageExpression) is
 * reported apart from denials, in `errors`: with `failurePolicy: Fail` the
 * cluster would refuse the object too, but for the wrong reason, so tests
 * treat any error as a failed test rather than as a successful denial.
 * JSON integers are bound as CEL `int`, as the API server does for integer fields.
 */
const programs = new Map<string, ReturnType<typeof plan>>();
/** Every expression that has been evaluated to a value at least once (for "every rendered expression ran" checks). */
export const evaluatedExpressions = new Set<string>();

/** Parsed JSON/YAML to CEL input: the binding the CRD rule checker uses at run time. */
export const toCel = toCelInput;

export type CelOutcome =
  | { ok: true; value: CelValue }
  | { ok: false; error: string };

/** Evaluates one CEL expression; parse, plan and runtime errors are returned, never thrown. */
export function evaluateCel(
  expression: string,
  bindings: Record<string, CelInput>,
): CelOutcome {
  let program = programs.get(expression);
  try {
    if (!program) {
      program = plan(celEnvironment, parse(expression));
      programs.set(expression, program);
    }
  } catch (e) {
    return { ok: false, error: `does not compile: ${(e as Error).message}` };
  }
  const value = program(bindings);
  if (isCelError(value)) return { ok: false, error: value.message };
  evaluatedExpressions.add(expression);
  return { ok: true, value };
}

/** Every expression (`expression`, `messageExpression`, `rule`) found anywhere in a rendered document. */
export function collectCelExpressions(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (
          typeof v === 'string' &&
          (k === 'expression' || k === 'messageExpression' || k === 'rule')
        )
          out.push(v);
        else walk(v);
      }
    }
  };
  walk(doc);
  return out;
}

export type AdmissionRequest = {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  resource: { group: string; version: string; resource: string };
  kind: { group: string; version: string; kind: string };
  namespace?: string;
  name?: string;
  object: any;
  oldObject?: any;
  /** The Namespace object the request is in; built from `namespace` when absent. */
  namespaceObject?: any;
  userInfo?: { username: string; groups?: string[] };
};

/** Who Argo CD applies as: every file of every Application reaches the API server as this user. */
export const ARGOCD_USERNAME =
  'system:serviceaccount:argocd:argocd-application-controller';

/** Lowercase plural resource of a kind, as the API server names them. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** A Namespace object as the API server has it: always labelled with its own name. */
export function namespaceObjectFor(
  name: string,
  labels: Record<string, string> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { ...labels, 'kubernetes.io/metadata.name': name },
    },
  };
}

/** The admission request the API server would send for writing `doc` (namespaced kinds: its namespace). */
export function admissionRequestFor(
  doc: any,
  operation: AdmissionRequest['operation'] = 'CREATE',
  oldObject?: any,
  username: string = ARGOCD_USERNAME,
): AdmissionRequest {
  const [group, version] = String(doc.apiVersion).includes('/')
    ? String(doc.apiVersion).split('/')
    : ['', doc.apiVersion];
  const namespace: string | undefined = doc.metadata?.namespace;
  return {
    operation,
    resource: { group, version, resource: pluralOf(doc.kind) },
    kind: { group, version, kind: doc.kind },
    namespace,
    name: doc.metadata?.name,
    object: doc,
    oldObject: operation === 'UPDATE' ? oldObject ?? doc : undefined,
    namespaceObject: namespace ? namespaceObjectFor(namespace) : undefined,
    userInfo: { username },
  };
}

type LabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
};

/** Kubernetes label selector semantics; an absent or empty selector matches everything. */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown label selector operator ${e.operator}`);
    }
  }
  return true;
}

const matchesList = (list: string[] | undefined, value: string) =>
  (list ?? []).some(x => x === '*' || x === value);

export type ValidationFailure = {
  policy: string;
  expression: string;
  message: string;
};
export type PolicyDecision = {
  matched: boolean;
  allowed: boolean;
  failures: ValidationFailure[];
  /** Evaluation errors: never a valid reason to deny; a test that sees one fails. */
  errors: string[];
};

/** Whether the policy's matchConstraints select the request (resource, operation, namespace). */
export function policyMatches(policy: any, req: AdmissionRequest): boolean {
  const mc = policy.spec?.matchConstraints;
  if (!mc) return false;
  if (mc.objectSelector || mc.excludeResourceRules)
    throw new Error(
      'objectSelector / excludeResourceRules are not supported by this test evaluator',
    );
  const ruleMatches = (mc.resourceRules ?? []).some(
    (r: any) =>
      matchesList(r.apiGroups, req.resource.group) &&
      matchesList(r.apiVersions, req.resource.version) &&
      matchesList(r.operations, req.operation) &&
      matchesList(r.resources, req.resource.resource) &&
      (!r.resourceNames ||
        r.resourceNames.length === 0 ||
        r.resourceNames.includes(req.name)),
  );
  if (!ruleMatches) return false;
  if (mc.namespaceSelector && Object.keys(mc.namespaceSelector).length > 0) {
    const isNamespace =
      req.resource.group === '' && req.resource.resource === 'namespaces';
    if (isNamespace) {
      // A Namespace is matched on its own labels (the API server adds the name label).
      const ns = namespaceObjectFor(
        req.object?.metadata?.name ?? req.name ?? '',
        req.object?.metadata?.labels ?? {},
      );
      return labelSelectorMatches(mc.namespaceSelector, ns.metadata.labels);
    }
    // Any other cluster-scoped object is never skipped by a namespaceSelector.
    if (!req.namespace) return true;
    const ns = req.namespaceObject ?? namespaceObjectFor(req.namespace);
    return labelSelectorMatches(
      mc.namespaceSelector,
      ns.metadata?.labels ?? {},
    );
  }
  return true;
}

/** Evaluates one Kyverno ValidatingPolicy against an admission request, like Kyverno with `validationActions: [Deny]`. */
export function evaluateValidatingPolicy(
  policy: any,
  req: AdmissionRequest,
): PolicyDecision {
  if (!policyMatches(policy, req))
    return { matched: false, allowed: true, failures: [], errors: [] };
  const name = policy.metadata?.name ?? '(unnamed)';
  const namespaceObject =
    req.namespaceObject ??
    (req.namespace ? namespaceObjectFor(req.namespace) : null);
  const base: Record<string, CelInput> = {
    object: toCel(req.operation === 'DELETE' ? null : req.object),
    oldObject: toCel(req.oldObject ?? null),
    namespaceObject: toCel(namespaceObject),
    request: toCel({
      operation: req.operation,
      namespace: req.namespace ?? '',
      name: req.name ?? '',
      kind: req.kind,
      resource: req.resource,
      userInfo: req.userInfo ?? { username: '' },
    }),
  };
  const failures: ValidationFailure[] = [];
  const errors: string[] = [];
  const erred = (what: string, error: string) => {
    errors.push(`${name}: ${what}: ${error}`);
    return { matched: true, allowed: false, failures, errors };
  };

  const variables = new Map<string, CelInput>();
  const bindings = () => ({ ...base, variables: variables as CelInput });
  for (const v of policy.spec.variables ?? []) {
    const r = evaluateCel(v.expression, bindings());
    if (!r.ok) return erred(`variable ${v.name}`, r.error);
    variables.set(v.name, r.value as CelInput);
  }
  for (const c of policy.spec.matchConditions ?? []) {
    const r = evaluateCel(c.expression, bindings());
    if (!r.ok) return erred(`matchCondition ${c.name}`, r.error);
    if (r.value !== true)
      return { matched: false, allowed: true, failures: [], errors: [] };
  }
  for (const v of policy.spec.validations ?? []) {
    const r = evaluateCel(v.expression, bindings());
    if (!r.ok) return erred(`validation "${v.message}"`, r.error);
    if (typeof r.value !== 'boolean')
      return erred(`validation "${v.message}"`, 'non-boolean result');
    if (r.value) continue;
    let message = v.message ?? `failed expression: ${v.expression}`;
    if (v.messageExpression) {
      const m = evaluateCel(v.messageExpression, bindings());
      if (!m.ok || typeof m.value !== 'string')
        return erred(
          `messageExpression of "${v.message}"`,
          m.ok ? `returned ${typeof m.value}` : m.error,
        );
      message = m.value;
    }
    failures.push({ policy: name, expression: v.expression, message });
  }
  return {
    matched: true,
    allowed: failures.length === 0 && errors.length === 0,
    failures,
    errors,
  };
}

export type AdmissionDecision = {
  allowed: boolean;
  matchedPolicies: string[];
  failures: ValidationFailure[];
  errors: string[];
};

/** All policies together: denied when any matching policy denies. */
export function admit(
  policies: any[],
  req: AdmissionRequest,
): AdmissionDecision {
  const matchedPolicies: string[] = [];
  const failures: ValidationFailure[] = [];
  const errors: string[] = [];
  for (const p of policies) {
    if (p.kind !== 'ValidatingPolicy') continue;
    const d = evaluateValidatingPolicy(p, req);
    if (d.matched) matchedPolicies.push(p.metadata.name);
    failures.push(...d.failures);
    errors.push(...d.errors);
  }
  return {
    allowed: failures.length === 0 && errors.length === 0,
    matchedPolicies,
    failures,
    errors,
  };
}

/**
 * approver-policy's check of one requested value against a `validations`
 * list: every rule must be `true` with `self` bound to the value and `cr` to
 * the request's namespace and name.
 */
export function approverRulesAllow(
  rules: Array<{ rule: string }>,
  value: string,
  cr: { namespace: string; name: string } = { namespace: '', name: '' },
): boolean {
  return approverRuleFailures(rules, value, cr).length === 0;
}

/**
 * The messages of the rules that refuse `value`. An evaluation error throws:
 * approver-policy would deny, but a test must not take that for a denial.
 */
export function approverRuleFailures(
  rules: Array<{ rule: string; message?: string }>,
  value: string,
  cr: { namespace: string; name: string } = { namespace: '', name: '' },
): string[] {
  const failures: string[] = [];
  for (const r of rules) {
    const out = evaluateCel(r.rule, { self: value, cr: toCel(cr) });
    if (!out.ok || typeof out.value !== 'boolean')
      throw new Error(
        `approver-policy rule failed to evaluate on "${value}": ${
          out.ok ? 'non-boolean result' : out.error
        }`,
      );
    if (!out.value) failures.push(r.message ?? r.rule);
  }
  return failures;
}
