/**
 * Which schema file (under the package's `schemas/` folder, see its
 * SOURCES.md) describes which apiVersion + kind.
 */
export type SchemaSource =
  | { type: 'crd'; file: string; group: string; version: string; kind: string }
  | { type: 'builtin'; file: string };

const K8S = 'kubernetes/v1.32.2-standalone-strict';

export const SCHEMA_SOURCES: Record<string, SchemaSource> = {
  'v1/Namespace': { type: 'builtin', file: `${K8S}/namespace-v1.json` },
  'v1/ResourceQuota': { type: 'builtin', file: `${K8S}/resourcequota-v1.json` },
  'v1/LimitRange': { type: 'builtin', file: `${K8S}/limitrange-v1.json` },
  'v1/ServiceAccount': {
    type: 'builtin',
    file: `${K8S}/serviceaccount-v1.json`,
  },
  'v1/ConfigMap': { type: 'builtin', file: `${K8S}/configmap-v1.json` },
  'rbac.authorization.k8s.io/v1/Role': {
    type: 'builtin',
    file: `${K8S}/role-rbac-v1.json`,
  },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    type: 'builtin',
    file: `${K8S}/rolebinding-rbac-v1.json`,
  },
  'rbac.authorization.k8s.io/v1/ClusterRole': {
    type: 'builtin',
    file: `${K8S}/clusterrole-rbac-v1.json`,
  },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {
    type: 'builtin',
    file: `${K8S}/clusterrolebinding-rbac-v1.json`,
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    type: 'builtin',
    file: `${K8S}/networkpolicy-networking-v1.json`,
  },
  'cert-manager.io/v1/Certificate': {
    type: 'crd',
    file: 'crds/cert-manager/v1.21.1/cert-manager.io_certificates.yaml',
    group: 'cert-manager.io',
    version: 'v1',
    kind: 'Certificate',
  },
  'cert-manager.io/v1/ClusterIssuer': {
    type: 'crd',
    file: 'crds/cert-manager/v1.21.1/cert-manager.io_clusterissuers.yaml',
    group: 'cert-manager.io',
    version: 'v1',
    kind: 'ClusterIssuer',
  },
  'external-secrets.io/v1alpha1/PushSecret': {
    type: 'crd',
    file: 'crds/external-secrets/v2.9.0/external-secrets.io_pushsecrets.yaml',
    group: 'external-secrets.io',
    version: 'v1alpha1',
    kind: 'PushSecret',
  },
  'external-secrets.io/v1/SecretStore': {
    type: 'crd',
    file: 'crds/external-secrets/v2.9.0/external-secrets.io_secretstores.yaml',
    group: 'external-secrets.io',
    version: 'v1',
    kind: 'SecretStore',
  },
  'redhatcop.redhat.io/v1alpha1/Policy': {
    type: 'crd',
    file: 'crds/vault-config-operator/v0.8.52/redhatcop.redhat.io_policies.yaml',
    group: 'redhatcop.redhat.io',
    version: 'v1alpha1',
    kind: 'Policy',
  },
  'redhatcop.redhat.io/v1alpha1/KubernetesAuthEngineRole': {
    type: 'crd',
    file: 'crds/vault-config-operator/v0.8.52/redhatcop.redhat.io_kubernetesauthengineroles.yaml',
    group: 'redhatcop.redhat.io',
    version: 'v1alpha1',
    kind: 'KubernetesAuthEngineRole',
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    type: 'crd',
    file: 'crds/prometheus-operator/v0.93.0/monitoring.coreos.com_prometheusrules.yaml',
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'PrometheusRule',
  },
  'policies.kyverno.io/v1/ValidatingPolicy': {
    type: 'crd',
    file: 'crds/kyverno/v1.19.0/policies.kyverno.io_validatingpolicies.yaml',
    group: 'policies.kyverno.io',
    version: 'v1',
    kind: 'ValidatingPolicy',
  },
  'policy.cert-manager.io/v1alpha1/CertificateRequestPolicy': {
    type: 'crd',
    file: 'crds/approver-policy/v0.27.0/policy.cert-manager.io_certificaterequestpolicies.yaml',
    group: 'policy.cert-manager.io',
    version: 'v1alpha1',
    kind: 'CertificateRequestPolicy',
  },
  'argoproj.io/v1alpha1/AppProject': {
    type: 'crd',
    file: 'crds/argo-cd/v3.5.1/appproject-crd.yaml',
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'AppProject',
  },
  'argoproj.io/v1alpha1/Application': {
    type: 'crd',
    file: 'crds/argo-cd/v3.5.1/application-crd.yaml',
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Application',
  },
  'argoproj.io/v1alpha1/ApplicationSet': {
    type: 'crd',
    file: 'crds/argo-cd/v3.5.1/applicationset-crd.yaml',
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'ApplicationSet',
  },
};

export const schemaKey = (apiVersion: string, kind: string) =>
  `${apiVersion}/${kind}`;
