import { kubeTime } from '../durations';
import { KubeObject, ObjectStore } from './store';

/** How long an Event is kept after it was last seen (the API server's --event-ttl default). */
const EVENT_TTL_MS = 60 * 60 * 1000;

/**
 * Records core/v1 Events the way client-go's recorder does: a repeat of the
 * same reason and message on the same object bumps `count` and
 * `lastTimestamp` instead of adding an Event; Events expire after an hour.
 */
export class EventRecorder {
  private sequence = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
    private readonly component: string,
  ) {}

  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    const at = kubeTime(this.now());
    const namespace = obj.metadata.namespace ?? 'default';
    const same = this.store
      .list('events', namespace)
      .find(
        e =>
          e.involvedObject &&
          (e.involvedObject as { uid?: string }).uid === obj.metadata.uid &&
          e.reason === reason &&
          e.message === message,
      );
    if (same) {
      this.store.replace('events', {
        ...same,
        count: Number(same.count ?? 1) + 1,
        lastTimestamp: at,
      });
      return;
    }
    this.sequence += 1;
    this.store.create('events', {
      metadata: {
        name: `${obj.metadata.name}.${(this.now() * 1000 + this.sequence)
          .toString(16)
          .slice(-16)}`,
        namespace,
      },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      source: { component: this.component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: '',
    });
  }

  /** Drops Events not seen for an hour. */
  expire(): void {
    const cutoff = this.now() - EVENT_TTL_MS;
    for (const e of this.store.list('events')) {
      if (Date.parse(String(e.lastTimestamp)) < cutoff)
        this.store.delete('events', e.metadata.namespace, e.metadata.name);
    }
  }
}
