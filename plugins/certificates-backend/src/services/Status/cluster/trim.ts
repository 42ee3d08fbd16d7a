import {
  StatusEvent,
  StatusObject,
} from '@internal/plugin-certificates-common';
import {
  applicationStatus,
  isJsonObject,
  JsonObject,
  str,
  stringMap,
} from '../resources';
import { SPEC_KEYS } from './kinds';

/** Keeps metadata that matters and drops managedFields and the like. */
export function trimObject(
  raw: unknown,
  keepSpec: (spec: JsonObject) => JsonObject | undefined,
): StatusObject {
  const o = isJsonObject(raw) ? raw : {};
  const m = isJsonObject(o.metadata) ? o.metadata : {};
  return {
    apiVersion: str(o.apiVersion),
    kind: str(o.kind),
    metadata: {
      name: String(m.name ?? ''),
      namespace: str(m.namespace),
      uid: str(m.uid),
      creationTimestamp: str(m.creationTimestamp),
      labels: stringMap(m.labels),
      annotations: filterAnnotations(m.annotations),
      ownerReferences: Array.isArray(m.ownerReferences)
        ? m.ownerReferences.map((ref: unknown) => {
            const r = isJsonObject(ref) ? ref : {};
            return {
              apiVersion: str(r.apiVersion),
              kind: String(r.kind),
              name: String(r.name),
              uid: String(r.uid),
              controller: r.controller === true ? true : undefined,
            };
          })
        : undefined,
    },
    spec: isJsonObject(o.spec) ? keepSpec(o.spec) : undefined,
    status: isJsonObject(o.status) ? o.status : undefined,
  };
}

function filterAnnotations(a: unknown): Record<string, string> | undefined {
  if (!isJsonObject(a)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    // last-applied-configuration duplicates the whole object; never keep it.
    if (
      k === 'kubectl.kubernetes.io/last-applied-configuration' ||
      typeof v !== 'string'
    )
      continue;
    if (
      k.startsWith('cert-manager.io/') ||
      k.startsWith('certificates.backstage.io/')
    )
      out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The listed spec fields only. */
export const pick = (spec: JsonObject, keys: string[]) => {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (spec[k] !== undefined) out[k] = spec[k];
  return out;
};

/** A core/v1 Event with its timestamps as strings (ISO 8601), or an events.k8s.io one (`note`, `eventTime`). */
export type RawEvent = {
  type?: unknown;
  reason?: unknown;
  message?: unknown;
  note?: unknown;
  count?: unknown;
  firstTimestamp?: unknown;
  lastTimestamp?: unknown;
  eventTime?: unknown;
  metadata?: { creationTimestamp?: unknown };
  involvedObject?: { kind?: unknown; name?: unknown; uid?: unknown };
};

export function trimEvent(e: RawEvent): StatusEvent {
  return {
    type: str(e.type),
    reason: str(e.reason),
    message: str(e.message) ?? str(e.note),
    count: typeof e.count === 'number' ? e.count : undefined,
    firstTimestamp: str(e.firstTimestamp) ?? str(e.eventTime),
    lastTimestamp:
      str(e.lastTimestamp) ??
      str(e.eventTime) ??
      str(e.metadata?.creationTimestamp),
    involvedObject: {
      kind: str(e.involvedObject?.kind),
      name: str(e.involvedObject?.name),
      uid: str(e.involvedObject?.uid),
    },
  };
}

/** The ACME server and account email of a ClusterIssuer, the rest of its spec dropped. */
export function acmeSummary(spec: JsonObject) {
  return isJsonObject(spec.acme)
    ? { server: spec.acme.server, email: spec.acme.email }
    : undefined;
}

/** A tenant's Application: sync, health, the last operation and its own Certificates' and PushSecrets' entries only. */
export function trimApplication(app: unknown): StatusObject {
  const trimmed = trimObject(app, s => pick(s, SPEC_KEYS.applications));
  if (trimmed.status) {
    // Keep only the team's own resources' entries and the sync/health/operation summary.
    const s = applicationStatus(trimmed);
    trimmed.status = {
      sync: s.sync,
      health: s.health,
      operationState: s.operationState
        ? {
            phase: s.operationState.phase,
            message: s.operationState.message,
            startedAt: s.operationState.startedAt,
            finishedAt: s.operationState.finishedAt,
          }
        : undefined,
      conditions: s.conditions,
      reconciledAt: s.reconciledAt,
      resources: Array.isArray(s.resources)
        ? s.resources.filter(
            r => r.kind === 'Certificate' || r.kind === 'PushSecret',
          )
        : undefined,
    };
  }
  return trimmed;
}
