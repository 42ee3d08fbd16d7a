import type { HttpLibrary } from '@kubernetes/client-node';
import { StatusConfig } from './config';
import { ClusterClient } from './kubernetes';
import { VaultMetadataClient } from './vault';

/** The clients of the configured clusters and Vault, shared by the views and the background refresher. */
export function createUpstreamClients(
  config: StatusConfig,
  options: {
    httpApi?: HttpLibrary;
    readJwt?: (path: string) => Promise<string>;
  } = {},
): { clients: ClusterClient[]; vault?: VaultMetadataClient } {
  return {
    clients: config.clusters.map(
      c =>
        new ClusterClient(c, {
          requestTimeoutMs: config.requestTimeoutMs,
          argocdNamespace: config.argocdNamespace,
          httpApi: options.httpApi,
        }),
    ),
    vault: config.vault
      ? new VaultMetadataClient(config.vault, {
          requestTimeoutMs: config.requestTimeoutMs,
          readJwt: options.readJwt,
        })
      : undefined,
  };
}
