import { CoreV1Api } from '@kubernetes/client-node';
import { isJsonObject, str } from '../resources';
import { NamespacedEvent } from './snapshots';
import { trimEvent } from './trim';

/** A LIST answer of the custom objects API, which the generated client types as `any`. */
export type ObjectList = {
  items?: unknown[];
  metadata: { continue?: string; _continue?: string };
};

export function asList(v: unknown): ObjectList | undefined {
  if (!isJsonObject(v)) return undefined;
  const meta = isJsonObject(v.metadata) ? v.metadata : {};
  return {
    items: Array.isArray(v.items) ? v.items : undefined,
    metadata: { continue: str(meta.continue), _continue: str(meta._continue) },
  };
}

/**
 * Follows `continue` tokens until the LIST is complete: a namespace or a
 * fleet can hold more objects than one page, and a partial list would make
 * certificates look missing.
 */
export async function listPaged(
  listPage: (continueToken: string | undefined) => Promise<unknown>,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let cont: string | undefined;
  do {
    const page = asList(await listPage(cont));
    items.push(...(page?.items ?? []));
    cont = page?.metadata?._continue || page?.metadata?.continue || undefined;
  } while (cont);
  return items;
}

/** The kinds whose events the status shows; other objects' events are dropped. */
const EVENT_KINDS = [
  'Certificate',
  'CertificateRequest',
  'Order',
  'Challenge',
  'PushSecret',
];

/** Events of cert-manager and ESO objects, of one namespace or (undefined) of all. */
export async function listEvents(
  core: CoreV1Api,
  pageSize: number,
  namespace: string | undefined,
): Promise<NamespacedEvent[]> {
  const events: NamespacedEvent[] = [];
  let cont: string | undefined;
  do {
    const page = namespace
      ? await core.listNamespacedEvent({
          namespace,
          limit: pageSize,
          _continue: cont,
        })
      : await core.listEventForAllNamespaces({
          limit: pageSize,
          _continue: cont,
        });
    for (const e of page.items ?? []) {
      const kind = e.involvedObject?.kind;
      if (kind && EVENT_KINDS.includes(kind)) {
        events.push({
          namespace: e.metadata?.namespace ?? e.involvedObject?.namespace,
          event: trimEvent({
            ...e,
            firstTimestamp:
              e.firstTimestamp?.toISOString?.() ?? e.firstTimestamp,
            lastTimestamp: e.lastTimestamp?.toISOString?.() ?? e.lastTimestamp,
            eventTime: e.eventTime?.toISOString?.() ?? e.eventTime,
            metadata: {
              creationTimestamp: e.metadata?.creationTimestamp?.toISOString?.(),
            },
          }),
        });
      }
    }
    cont = page.metadata?._continue || undefined;
  } while (cont);
  return events;
}
