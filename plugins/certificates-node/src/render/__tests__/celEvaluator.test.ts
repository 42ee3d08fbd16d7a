import {
  admissionRequestFor,
  evaluateValidatingPolicy,
  policyMatches,
} from '../admission/__testUtils__/celEvaluator';
import { kyvernoVerdict } from '../admission/__testUtils__/layers';

/** The test evaluator itself: what it matches, and that an evaluation error is never a denial. */

const policy = (
  resources: string[],
  validations: Array<{ expression: string; message: string }>,
  variables: Array<{ name: string; expression: string }> = [],
) => ({
  apiVersion: 'policies.kyverno.io/v1',
  kind: 'ValidatingPolicy',
  metadata: { name: 'p' },
  spec: {
    matchConstraints: {
      resourceRules: [
        {
          apiGroups: ['*'],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources,
        },
      ],
      namespaceSelector: {
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a'] },
        ],
      },
    },
    variables,
    validations,
  },
});

const clusterRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'x' },
  rules: [],
};
const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

describe('the test evaluator', () => {
  it('never skips a cluster-scoped object because of a namespaceSelector (API server semantics)', () => {
    const p = policy(['clusterroles'], [{ expression: 'true', message: 'm' }]);
    expect(policyMatches(p, admissionRequestFor(clusterRole))).toBe(true);
  });

  it('matches a Namespace on its own labels, including the name label', () => {
    const p = policy(['namespaces'], [{ expression: 'true', message: 'm' }]);
    expect(policyMatches(p, admissionRequestFor(namespace('team-a')))).toBe(true);
    expect(policyMatches(p, admissionRequestFor(namespace('team-b')))).toBe(
      false,
    );
  });

  it('matches a namespaced object on its namespace labels', () => {
    const p = policy(['configmaps'], [{ expression: 'true', message: 'm' }]);
    const cm = (ns: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: ns },
    });
    expect(policyMatches(p, admissionRequestFor(cm('team-a')))).toBe(true);
    expect(policyMatches(p, admissionRequestFor(cm('team-b')))).toBe(false);
  });

  it('reports an evaluation error of a variable or a validation as an error, not as a denial', () => {
    const badVariable = policy(
      ['clusterroles'],
      [{ expression: 'true', message: 'm' }],
      [{ name: 'v', expression: 'object.spec.missing' }],
    );
    const byVariable = evaluateValidatingPolicy(
      badVariable,
      admissionRequestFor(clusterRole),
    );
    expect(byVariable.failures).toEqual([]);
    expect(byVariable.errors).toHaveLength(1);
    expect(byVariable.errors[0]).toMatch(/^p: variable v: /);

    const badValidation = policy(
      ['clusterroles'],
      [{ expression: 'object.rules[3] == 1', message: 'm' }],
    );
    const byValidation = evaluateValidatingPolicy(
      badValidation,
      admissionRequestFor(clusterRole),
    );
    expect(byValidation.failures).toEqual([]);
    expect(byValidation.errors).toHaveLength(1);
    expect(() => kyvernoVerdict([badValidation], clusterRole)).toThrow(
      /evaluation error for ClusterRole x: p: validation "m": /,
    );
  });

  it('denies with the message of a validation that is false', () => {
    const p = policy(['clusterroles'], [{ expression: 'false', message: 'no' }]);
    expect(kyvernoVerdict([p], clusterRole)).toEqual({
      allowed: false,
      message: 'no',
    });
  });
});
