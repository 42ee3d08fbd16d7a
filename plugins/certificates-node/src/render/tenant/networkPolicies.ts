import {
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { managedLabels, platformTenantDir, tenantNamespace } from '../labels';
import { yamlFile } from '../yaml';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Default deny in both directions, then same-namespace traffic, DNS, and the ingress controller. */
export function renderNetworkPolicyFiles(
  team: string,
  platform: PlatformModel,
): RenderedFile[] {
  const ns = tenantNamespace(team);
  const labels = managedLabels(team);
  const policy = (name: string, spec: Record<string, unknown>) =>
    yamlFile(`${platformTenantDir(team)}/network-policies/${name}.yaml`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: ns, labels },
      spec,
    });
  return [
    policy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy('allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy('allow-dns-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: {
                matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' },
              },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy('allow-ingress-controller', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: {
                  [NAMESPACE_NAME_LABEL]:
                    platform.config.tenant.ingressControllerNamespace,
                },
              },
            },
          ],
        },
      ],
    }),
  ];
}
