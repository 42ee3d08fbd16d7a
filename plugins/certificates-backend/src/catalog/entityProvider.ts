import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { createHash } from 'node:crypto';
import { RequestStore } from '../services/RequestStore';
import { StatusService } from '../services/Status/StatusService';

export const CERTIFICATE_ENTITY_TYPE = 'tls-certificate';
export const ANNOTATIONS = {
  team: 'certificates.backstage.io/team',
  certificate: 'certificates.backstage.io/certificate',
  names: 'certificates.backstage.io/names',
  namespace: 'certificates.backstage.io/namespace',
  cluster: 'certificates.backstage.io/cluster',
  requestId: 'certificates.backstage.io/request-id',
  kubernetesId: 'backstage.io/kubernetes-id',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
} as const;

export type CertificateEntityProviderOptions = {
  store: Pick<RequestStore, 'list'>;
  logger: LoggerService;
  /** Catalog group owning a team's certificates; default `group:default/<team>`. */
  ownerOf?: (team: string) => string;
  /** Adds the cluster annotation from the status cache (never triggers upstream reads). */
  status?: Pick<StatusService, 'cachedClusters' | 'clusterNames'>;
};

/** Entity names: at most 63 characters of `[a-z0-9-_.]`; long ones are shortened with a hash. */
export function certificateEntityName(
  team: string,
  certificateName: string,
): string {
  const full = `${team}-${certificateName}`.replace(/[^a-zA-Z0-9._-]/g, '-');
  if (full.length <= 63) return full;
  const hash = createHash('sha256')
    .update(`${team}/${certificateName}`)
    .digest('hex')
    .slice(0, 8);
  return `${full.slice(0, 54).replace(/[-_.]+$/, '')}-${hash}`;
}

/**
 * Emits one `Resource` (type `tls-certificate`) per requested certificate that is
 * not closed, owned by the team's group. `refresh()` replaces the whole set.
 */
export class CertificateEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly options: CertificateEntityProviderOptions) {}

  getProviderName(): string {
    return 'certificates-status';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  async entities(): Promise<Entity[]> {
    const requests = await this.options.store.list({
      states: ['pending', 'pr-open', 'merged', 'failed'],
    });
    // The newest request per certificate wins.
    const latest = new Map<string, StoredCertificateRequest>();
    for (const r of requests) {
      const key = `${r.team}/${r.certificateName}`;
      const prev = latest.get(key);
      if (!prev || Date.parse(r.createdAt) > Date.parse(prev.createdAt))
        latest.set(key, r);
    }
    const clustersByTeam = new Map<string, Record<string, string>>();
    const status = this.options.status;
    for (const team of new Set([...latest.values()].map(r => r.team))) {
      if (!status) break;
      clustersByTeam.set(
        team,
        status.clusterNames.length === 1
          ? Object.fromEntries(
              [...latest.values()]
                .filter(r => r.team === team)
                .map(r => [r.certificateName, status.clusterNames[0]]),
            )
          : await status.cachedClusters(team),
      );
    }
    const ownerOf =
      this.options.ownerOf ?? ((team: string) => `group:default/${team}`);
    return [...latest.values()]
      .sort((a, b) =>
        `${a.team}/${a.certificateName}`.localeCompare(
          `${b.team}/${b.certificateName}`,
        ),
      )
      .map(r => {
        const location = `certificates:${r.team}/${r.certificateName}`;
        const cluster = clustersByTeam.get(r.team)?.[r.certificateName];
        const annotations: Record<string, string> = {
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
          [ANNOTATIONS.team]: r.team,
          [ANNOTATIONS.certificate]: r.certificateName,
          [ANNOTATIONS.names]: r.names.join(','),
          [ANNOTATIONS.namespace]: r.team,
          [ANNOTATIONS.requestId]: r.id,
          [ANNOTATIONS.kubernetesId]: r.team,
          [ANNOTATIONS.kubernetesNamespace]: r.team,
        };
        if (cluster) annotations[ANNOTATIONS.cluster] = cluster;
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: certificateEntityName(r.team, r.certificateName),
            namespace: 'default',
            title: r.names[0] ?? r.certificateName,
            description: `TLS certificate for ${r.names.join(', ')} (issuer ${
              r.issuer
            })`,
            annotations,
            tags: ['tls', 'certificate'],
          },
          spec: { type: CERTIFICATE_ENTITY_TYPE, owner: ownerOf(r.team) },
        } satisfies Entity;
      });
  }

  /** Replaces every entity of this provider with the current stored requests. */
  async refresh(): Promise<number> {
    if (!this.connection)
      throw new Error(
        'CertificateEntityProvider is not connected to the catalog yet',
      );
    const entities = await this.entities();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: 'certificates-status',
      })),
    });
    this.options.logger.debug(
      `certificates entity provider emitted ${entities.length} entities`,
    );
    return entities.length;
  }
}
