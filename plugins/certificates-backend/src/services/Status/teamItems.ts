import {
  ClusterReadStatus,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { StatusConfig, vaultKey } from './config';
import { buildLifecycle, CertificateObjects, matchObjects } from './lifecycle';
import type { TeamSnapshot } from './teamSnapshot';

/** What building a team's items needs besides the snapshot: fixed for the service's life. */
export type TeamItemsContext = {
  config: StatusConfig;
  clustersConfigured: boolean;
  vaultConfigured: boolean;
  now: () => number;
};

/** The newest request per certificate name. */
function latestRequests(
  requests: StoredCertificateRequest[],
): Map<string, StoredCertificateRequest> {
  const byName = new Map<string, StoredCertificateRequest>();
  for (const r of requests) {
    const prev = byName.get(r.certificateName);
    if (!prev || Date.parse(r.createdAt) > Date.parse(prev.createdAt))
      byName.set(r.certificateName, r);
  }
  return byName;
}

/** Each cluster's read outcome, its ClusterIssuers error counted as a warning. */
export function clusterStatuses(snapshot: TeamSnapshot): ClusterReadStatus[] {
  return snapshot.clusters.map(c => {
    const warnings = [...c.warnings];
    if (snapshot.issuerErrors[c.cluster])
      warnings.push(snapshot.issuerErrors[c.cluster]);
    return {
      name: c.cluster,
      ok: c.ok,
      error: c.error,
      warnings: warnings.length ? warnings : undefined,
    };
  });
}

/**
 * One entry per certificate the team has, stored or only seen on a
 * cluster (so a certificate applied by hand still shows), sorted by name;
 * `only` restricts it to one certificate for the drill-down view.
 */
export function buildTeamItems(
  ctx: TeamItemsContext,
  team: string,
  snapshot: TeamSnapshot,
  requests: StoredCertificateRequest[],
  only?: string,
) {
  const { config } = ctx;
  const latest = latestRequests(requests);
  const names = new Set<string>(latest.keys());
  for (const c of snapshot.clusters)
    for (const cert of c.certificates) names.add(cert.metadata.name);
  const unreachable = snapshot.clusters
    .filter(c => !c.ok)
    .map(c => c.error ?? c.cluster);
  const out: Array<{
    summary: ReturnType<typeof buildLifecycle>;
    objects?: CertificateObjects;
  }> = [];
  for (const name of [...names].sort()) {
    if (only !== undefined && name !== only) continue;
    const found = snapshot.clusters.filter(
      c => c.ok && c.certificates.some(cert => cert.metadata.name === name),
    );
    const first = found[0];
    const objects = first
      ? matchObjects(
          first,
          first.certificates.find(cert => cert.metadata.name === name)!,
          snapshot.issuers[first.cluster] ?? undefined,
        )
      : undefined;
    const key = vaultKey(config.remoteKeyTemplate, team, name);
    const summary = buildLifecycle({
      team,
      certificateName: name,
      request: latest.get(name),
      objects,
      alsoOn: found.slice(1).map(c => c.cluster),
      clustersConfigured: ctx.clustersConfigured,
      unreachable,
      issuersKnown: first
        ? snapshot.issuers[first.cluster] !== null &&
          snapshot.issuers[first.cluster] !== undefined
        : false,
      vaultConfigured: ctx.vaultConfigured,
      vaultPath: config.vault ? `${config.vault.kvMount}/${key}` : undefined,
      vault: snapshot.vault[name],
      now: ctx.now(),
    });
    const title = config.clusters.find(c => c.name === summary.cluster)?.title;
    out.push({
      summary: title ? { ...summary, clusterTitle: title } : summary,
      objects,
    });
  }
  return out;
}
