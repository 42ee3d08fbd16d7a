import { createTestPlatform } from '../../testing/platforms';
import { requiredApiVersions } from '../requiredApis';

describe('requiredApiVersions', () => {
  it('lists every group/version the platform renders, the ACME objects, and no core or CI file', () => {
    expect(requiredApiVersions(createTestPlatform())).toEqual([
      'acme.cert-manager.io/v1',
      'argoproj.io/v1alpha1',
      'cert-manager.io/v1',
      'external-secrets.io/v1',
      'external-secrets.io/v1alpha1',
      'monitoring.coreos.com/v1',
      'networking.k8s.io/v1',
      'policies.kyverno.io/v1',
      'policy.cert-manager.io/v1alpha1',
      'rbac.authorization.k8s.io/v1',
      'redhatcop.redhat.io/v1alpha1',
    ]);
  });
});
