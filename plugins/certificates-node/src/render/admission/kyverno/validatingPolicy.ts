import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { platformLabels } from '../../labels';
import { yamlFile } from '../../yaml';
import { tenantTeams } from '../grants';

/** Served version of `policies.kyverno.io` ValidatingPolicy used (Kyverno v1.19 serves v1, v1beta1 (storage) and v1alpha1). */
export const KYVERNO_POLICY_API_VERSION = 'policies.kyverno.io/v1';
export const ADMISSION_DIR = 'platform/admission';
/** Label the API server sets on every Namespace to its own name; tenants cannot change it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export type Validation = {
  expression: string;
  message: string;
  messageExpression?: string;
};
export type Variable = { name: string; expression: string };
export type Rule = {
  group: string;
  resources: string[];
  /** Only these object names (for cluster-scoped kinds such as Namespace). */
  resourceNames?: string[];
};

/** One ValidatingPolicy's content; the renderer adds the common parts. */
export type PolicySpec = {
  name: string;
  description: string;
  rules: Rule[];
  variables?: Variable[];
  validations: Validation[];
  /**
   * Whether the policy reads `request` (the user): such policies only make
   * sense at admission, so background scans are off for them.
   */
  admissionOnly?: boolean;
  /** Cluster-scoped kinds are matched by `resourceNames`, not by namespace. */
  clusterScoped?: boolean;
};

/**
 * Selects the tenant namespaces by their immutable name label rather than by
 * the team label: a label a tenant could ever remove must not be what
 * switches the policy on.
 */
function tenantNamespaceSelector(teams: string[]) {
  return {
    matchExpressions: [
      { key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...teams] },
    ],
  };
}

/** The rendered file of one policy: Deny, fail closed, CREATE and UPDATE, tenant namespaces only. */
export function validatingPolicyFile(
  platform: PlatformModel,
  policy: PolicySpec,
): RenderedFile {
  const variables = policy.variables ?? [];
  return yamlFile(`${ADMISSION_DIR}/kyverno/${policy.name}.yaml`, {
    apiVersion: KYVERNO_POLICY_API_VERSION,
    kind: 'ValidatingPolicy',
    metadata: {
      name: policy.name,
      labels: platformLabels(),
      annotations: { 'policies.kyverno.io/description': policy.description },
    },
    spec: {
      validationActions: ['Deny'],
      failurePolicy: 'Fail',
      evaluation: {
        admission: { enabled: true },
        background: { enabled: !policy.admissionOnly },
      },
      matchConstraints: {
        resourceRules: policy.rules.map(r => ({
          apiGroups: [r.group],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: [...r.resources],
          ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
        })),
        ...(policy.clusterScoped
          ? {}
          : {
              namespaceSelector: tenantNamespaceSelector(tenantTeams(platform)),
            }),
      },
      ...(variables.length > 0 ? { variables } : {}),
      validations: policy.validations,
    },
  });
}

/** `team`: the namespace of the object, which is the team (tenant namespaces are named after their team). */
export const TEAM_VARIABLE: Variable = {
  name: 'team',
  expression: 'object.metadata.namespace',
};
