import {
  IssuerConfig,
  PlatformModel,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { platformLabels } from '../labels';
import { yamlFile } from '../yaml';
import { dnsSolvers } from './dnsSolvers';

export const accountKeySecretName = (issuer: IssuerConfig) =>
  issuer.privateKeySecretName ?? `${issuer.name}-account-key`;

/** One ACME ClusterIssuer per configured issuer, solving DNS-01 in every configured zone. */
export function renderClusterIssuerFiles(
  platform: PlatformModel,
): RenderedFile[] {
  const solvers = dnsSolvers(platform.zones);
  return platform.issuers.map(issuer =>
    yamlFile(`platform/cluster-issuers/${issuer.name}.yaml`, {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: issuer.name, labels: platformLabels() },
      spec: {
        acme: {
          server: issuer.server,
          email: issuer.email,
          privateKeySecretRef: { name: accountKeySecretName(issuer) },
          solvers: structuredClone(solvers),
        },
      },
    }),
  );
}
