import {
  StatusEvent,
  StatusObject,
} from '@internal/plugin-certificates-common';

/** An event with the namespace it was recorded in. */
export type NamespacedEvent = { namespace?: string; event: StatusEvent };

/** What one cluster holds for every team, from one LIST per kind (see readFleet). */
export type FleetClusterSnapshot = {
  cluster: string;
  /** The teams (namespaces) holding a Certificate of the platform. */
  teams: string[];
  /** The snapshot readTeam would have read for `team`. */
  team(team: string): TeamClusterSnapshot;
};

/** What one cluster holds for one team, trimmed to what the status needs. */
export type TeamClusterSnapshot = {
  cluster: string;
  ok: boolean;
  error?: string;
  warnings: string[];
  certificates: StatusObject[];
  certificateRequests: StatusObject[];
  orders: StatusObject[];
  challenges: StatusObject[];
  pushSecrets: StatusObject[];
  events: StatusEvent[];
  application?: StatusObject;
};

/** A cluster's team snapshot with nothing read yet; `error` marks the cluster unreachable. */
export function emptySnapshot(
  cluster: string,
  error?: string,
): TeamClusterSnapshot {
  return {
    cluster,
    ok: error === undefined,
    ...(error !== undefined ? { error } : {}),
    warnings: [],
    certificates: [],
    certificateRequests: [],
    orders: [],
    challenges: [],
    pushSecrets: [],
    events: [],
  };
}

/** Groups the cluster-wide lists of readFleet by team (namespace). */
export function fleetSnapshot(
  cluster: string,
  argocdNamespace: string,
  got: Partial<Record<string, Array<StatusObject | NamespacedEvent>>>,
  warnings: string[],
  error: string | undefined,
): FleetClusterSnapshot {
  const byNamespace = (key: string) => {
    const out = new Map<string, StatusObject[]>();
    for (const o of (got[key] ?? []) as StatusObject[]) {
      const ns = o.metadata.namespace ?? '';
      out.set(ns, [...(out.get(ns) ?? []), o]);
    }
    return out;
  };
  const kinds = [
    'certificates',
    'certificateRequests',
    'orders',
    'challenges',
    'pushSecrets',
  ] as const;
  const grouped = Object.fromEntries(
    kinds.map(k => [k, byNamespace(k)]),
  ) as Record<(typeof kinds)[number], Map<string, StatusObject[]>>;
  const events = new Map<string, StatusEvent[]>();
  for (const e of (got.events ?? []) as NamespacedEvent[])
    events.set(e.namespace ?? '', [
      ...(events.get(e.namespace ?? '') ?? []),
      e.event,
    ]);
  const applications = new Map(
    ((got.applications ?? []) as StatusObject[])
      .filter(
        a => (a.metadata.namespace ?? argocdNamespace) === argocdNamespace,
      )
      .map(a => [a.metadata.name, a]),
  );
  return {
    cluster,
    teams: [...grouped.certificates.keys()],
    team(team) {
      if (error) return emptySnapshot(cluster, error);
      const snapshot = emptySnapshot(cluster);
      snapshot.warnings = [...warnings];
      for (const k of kinds) snapshot[k] = grouped[k].get(team) ?? [];
      snapshot.events = events.get(team) ?? [];
      snapshot.application = applications.get(`tenant-${team}`);
      return snapshot;
    },
  };
}
