import {
  admissionRequestFor,
  admit,
  approverRuleFailures,
  ARGOCD_USERNAME,
} from './celEvaluator';

/**
 * The layers an object a team commits meets on its way into the cluster, as
 * test stand-ins: the Argo CD AppProject (kind and namespace whitelists), the
 * Kyverno ValidatingPolicies (via the CEL evaluator), approver-policy (for
 * what becomes a CertificateRequest) and the ResourceQuota. Each returns a
 * verdict with the message the real component would show; `n/a` when the
 * layer never sees the object. Not used at run time.
 */
export type Verdict = { allowed: true } | { allowed: false; message: string };
export type LayerVerdict = Verdict | 'n/a';

const ALLOW: Verdict = { allowed: true };
const deny = (message: string): Verdict => ({ allowed: false, message });

/** Kinds the API server keeps cluster-scoped (those any test object here uses). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterIssuer',
  'ClusterSecretStore',
  'ClusterExternalSecret',
  'ValidatingPolicy',
  'ClusterPolicy',
  'CertificateRequestPolicy',
  'CustomResourceDefinition',
  'ValidatingAdmissionPolicy',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

export const isClusterScoped = (doc: any) => CLUSTER_SCOPED_KINDS.has(doc.kind);
export const groupOf = (doc: any) =>
  String(doc.apiVersion).includes('/')
    ? String(doc.apiVersion).split('/')[0]
    : '';

/** The glob of Argo CD destinations and approver-policy `values`: `*` matches any run of characters, dots included. */
export const globMatches = (glob: string, value: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);

/**
 * What Argo CD decides for one object of an Application in `project` whose
 * destination namespace is `appNamespace`: the group/kind must be in the
 * matching whitelist (an empty or absent cluster whitelist permits no
 * cluster-scoped kind), and a namespaced object's namespace (the
 * destination's when the file names none) must be a project destination.
 * Messages as Argo CD's sync reports them.
 */
export function appProjectVerdict(
  project: any,
  doc: any,
  appNamespace: string,
): Verdict {
  const group = groupOf(doc);
  const name = project.metadata.name;
  const clusterScoped = isClusterScoped(doc);
  const list: any[] =
    (clusterScoped
      ? project.spec.clusterResourceWhitelist
      : project.spec.namespaceResourceWhitelist) ?? [];
  const permitted = list.some(
    e =>
      (e.group === '*' || e.group === group) &&
      (e.kind === '*' || e.kind === doc.kind) &&
      (!e.name || e.name === doc.metadata?.name),
  );
  if (!permitted)
    return deny(
      `resource ${group}:${doc.kind} is not permitted in project ${name}`,
    );
  if (clusterScoped) return ALLOW;
  const namespace = doc.metadata?.namespace ?? appNamespace;
  const destinationOk = (project.spec.destinations ?? []).some((d: any) =>
    globMatches(d.namespace ?? '', namespace),
  );
  return destinationOk
    ? ALLOW
    : deny(`namespace ${namespace} is not permitted in project '${name}'`);
}

/** What Kyverno decides; an evaluation error throws (it is never a valid denial). */
export function kyvernoVerdict(
  policies: any[],
  doc: any,
  operation: 'CREATE' | 'UPDATE' = 'CREATE',
  oldObject?: any,
  username: string = ARGOCD_USERNAME,
): Verdict {
  const decision = admit(
    policies,
    admissionRequestFor(doc, operation, oldObject, username),
  );
  if (decision.errors.length > 0)
    throw new Error(
      `evaluation error for ${doc.kind} ${
        doc.metadata?.name
      }: ${decision.errors.join('; ')}`,
    );
  return decision.allowed
    ? ALLOW
    : deny(decision.failures.map(f => f.message).join('\n'));
}

/** approver-policy's messages when no policy applies, and when none approves. */
export const APPROVER_NONE_APPLICABLE =
  'No CertificateRequestPolicies bound or applicable';
export const APPROVER_NOT_APPROVED = 'No policy approved this request';

const DEFAULT_USAGES = ['digital signature', 'key encipherment', 'server auth'];
/** The requester of every CertificateRequest cert-manager makes for a Certificate (the default configuration). */
const CERT_MANAGER = 'system:serviceaccount:cert-manager:cert-manager';

type RequestShape = {
  namespace: string;
  requester: string;
  issuerRef: { name: string; kind: string; group: string };
  dnsNames: string[];
  commonName?: string;
  isCA: boolean;
  usages: string[];
  otherSans: string[];
  /** Requested lifetime in seconds (cert-manager's default of 90 days when the Certificate names none). */
  durationSeconds: number;
};

/** Seconds of a Go duration such as `2160h` or `1h30m` (the units cert-manager accepts). */
export function goDurationSeconds(value: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
  const parts = [...value.matchAll(/([0-9]+(?:\.[0-9]+)?)(h|m|s)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== value)
    throw new Error(`not a duration: ${value}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
}

/** The CertificateRequest cert-manager makes of a Certificate, or a committed CertificateRequest as is. */
function requestShape(doc: any, username: string): RequestShape | undefined {
  const spec = doc.spec ?? {};
  const issuerRef = {
    name: spec.issuerRef?.name ?? '',
    kind: spec.issuerRef?.kind ?? 'Issuer',
    group: spec.issuerRef?.group ?? 'cert-manager.io',
  };
  const otherSans = ['ipAddresses', 'uris', 'emailAddresses', 'otherNames']
    .filter(f => (spec[f] ?? []).length > 0)
    .map(f => `spec.allowed.${f}: not allowed`);
  // A policy without `allowed.subject` allows no subject field at all.
  const subject = Object.keys(spec.subject ?? {}).map(
    f => `spec.allowed.subject.${f}: Invalid value`,
  );
  const common = {
    namespace: doc.metadata?.namespace ?? '',
    issuerRef,
    dnsNames: spec.dnsNames ?? [],
    commonName: spec.commonName,
    isCA: spec.isCA === true,
    usages: spec.usages ?? DEFAULT_USAGES,
    otherSans: [...otherSans, ...subject],
    durationSeconds: goDurationSeconds(spec.duration ?? '2160h'),
  };
  if (doc.kind === 'Certificate') return { ...common, requester: CERT_MANAGER };
  if (doc.kind === 'CertificateRequest')
    return { ...common, requester: username };
  return undefined;
}

/** Names of the CertificateRequestPolicies `username` is bound to `use` through the rendered RBAC. */
function boundPolicies(approverDocs: any[], username: string): Set<string> {
  const roles = new Map<string, any>(
    approverDocs
      .filter(d => d.kind === 'ClusterRole')
      .map(d => [d.metadata.name, d]),
  );
  const names = new Set<string>();
  for (const binding of approverDocs.filter(
    d => d.kind === 'ClusterRoleBinding',
  )) {
    const bound = (binding.subjects ?? []).some(
      (s: any) =>
        s.kind === 'ServiceAccount' &&
        `system:serviceaccount:${s.namespace}:${s.name}` === username,
    );
    const role = roles.get(binding.roleRef.name);
    if (!bound || !role) continue;
    for (const rule of role.rules)
      if (
        rule.verbs.includes('use') &&
        rule.resources.includes('certificaterequestpolicies')
      )
        (rule.resourceNames ?? []).forEach((n: string) => names.add(n));
  }
  return names;
}

/** Why one policy refuses the request; empty when it approves. */
function policyRefusals(policy: any, req: RequestShape): string[] {
  const allowed = policy.spec.allowed;
  const cr = { namespace: req.namespace, name: 'request' };
  const out: string[] = [...req.otherSans];
  const min = policy.spec.constraints?.minDuration;
  if (min && req.durationSeconds < goDurationSeconds(min))
    out.push(
      `spec.constraints.minDuration: Invalid value: ${req.durationSeconds}s: must be at least ${min}`,
    );
  if (req.isCA && allowed.isCA === false)
    out.push('spec.allowed.isCA: Invalid value: true');
  for (const usage of req.usages)
    if (!allowed.usages.includes(usage))
      out.push(`spec.allowed.usages: Invalid value: "${usage}"`);
  if (req.dnsNames.length === 0 && allowed.dnsNames.required)
    out.push('spec.allowed.dnsNames: Required value');
  for (const name of req.dnsNames) {
    if (!allowed.dnsNames.values.some((g: string) => globMatches(g, name)))
      out.push(`spec.allowed.dnsNames.values: Invalid value: "${name}"`);
    for (const m of approverRuleFailures(
      allowed.dnsNames.validations,
      name,
      cr,
    ))
      out.push(`spec.allowed.dnsNames.validations: "${name}": ${m}`);
  }
  if (req.commonName !== undefined)
    for (const m of approverRuleFailures(
      allowed.commonName.validations,
      req.commonName,
      cr,
    ))
      out.push(
        `spec.allowed.commonName.validations: "${req.commonName}": ${m}`,
      );
  return out;
}

/**
 * What approver-policy decides for the CertificateRequest an object becomes:
 * only policies the requester is bound to `use` and whose selector (issuer,
 * namespace) matches apply; one of them must allow every field.
 */
export function approverVerdict(
  approverDocs: any[],
  doc: any,
  username: string = ARGOCD_USERNAME,
): LayerVerdict {
  const req = requestShape(doc, username);
  if (!req) return 'n/a';
  const bound = boundPolicies(approverDocs, req.requester);
  const applicable = approverDocs.filter(
    d =>
      d.kind === 'CertificateRequestPolicy' &&
      bound.has(d.metadata.name) &&
      d.spec.selector.issuerRef.name === req.issuerRef.name &&
      d.spec.selector.issuerRef.kind === req.issuerRef.kind &&
      d.spec.selector.issuerRef.group === req.issuerRef.group &&
      d.spec.selector.namespace.matchNames.includes(req.namespace),
  );
  if (applicable.length === 0) return deny(APPROVER_NONE_APPLICABLE);
  const reasons: string[] = [];
  for (const policy of applicable) {
    const refusals = policyRefusals(policy, req);
    if (refusals.length === 0) return ALLOW;
    reasons.push(`${policy.metadata.name}: ${refusals.join(', ')}`);
  }
  return deny(`${APPROVER_NOT_APPROVED}: [${reasons.join('; ')}]`);
}

/**
 * The ResourceQuota's object count: creating `certificates` Certificates in
 * a namespace already holding `used` fails once `used` reaches the hard
 * limit, with the API server's message.
 */
export function quotaVerdict(
  quota: any,
  resourceKey: string,
  used: number,
): Verdict {
  const hard = Number(quota.spec.hard[resourceKey]);
  if (used + 1 <= hard) return ALLOW;
  return deny(
    `exceeded quota: ${quota.metadata.name}, requested: ${resourceKey}=1, used: ${resourceKey}=${used}, limited: ${resourceKey}=${hard}`,
  );
}
