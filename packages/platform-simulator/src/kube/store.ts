import { randomUUID } from 'node:crypto';
import { kubeTime } from '../durations';
import { apiVersionOf, Plural, RESOURCES } from './resources';

export type OwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export type KubeMetadata = {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
};

/** An object as the API server returns it; spec and status stay free-form JSON. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [field: string]: unknown;
};

/** What a caller gives to create an object: the server fills in uid, resourceVersion and times. */
export type NewObject = Omit<KubeObject, 'metadata' | 'apiVersion' | 'kind'> & {
  metadata: Omit<
    KubeMetadata,
    'uid' | 'resourceVersion' | 'creationTimestamp'
  > & { creationTimestamp?: string };
};

const keyOf = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/**
 * The objects of the simulated API server. Every write bumps one
 * cluster-wide resourceVersion, as etcd's revision does; deleting an owner
 * deletes what it owns (the garbage collector's foreground cascade).
 */
export class ObjectStore {
  private revision = 1000;
  private readonly objects = new Map<Plural, Map<string, KubeObject>>();

  constructor(private readonly now: () => number) {
    for (const plural of Object.keys(RESOURCES) as Plural[])
      this.objects.set(plural, new Map());
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  private nextVersion() {
    this.revision += 1;
    return String(this.revision);
  }

  get(plural: Plural, namespace: string | undefined, name: string) {
    return this.objects.get(plural)!.get(keyOf(namespace, name));
  }

  /** Objects of a kind, in one namespace or (undefined) all, oldest first. */
  list(plural: Plural, namespace?: string): KubeObject[] {
    const all = [...this.objects.get(plural)!.values()];
    return namespace === undefined
      ? all
      : all.filter(o => o.metadata.namespace === namespace);
  }

  create(plural: Plural, obj: NewObject): KubeObject {
    const r = RESOURCES[plural];
    const created: KubeObject = {
      ...obj,
      apiVersion: apiVersionOf(r),
      kind: r.kind,
      metadata: {
        ...obj.metadata,
        uid: randomUUID(),
        resourceVersion: this.nextVersion(),
        creationTimestamp:
          obj.metadata.creationTimestamp ?? kubeTime(this.now()),
        ...(r.status ? { generation: 1 } : {}),
      },
    };
    this.objects
      .get(plural)!
      .set(keyOf(obj.metadata.namespace, obj.metadata.name), created);
    return created;
  }

  /** Replaces labels, annotations and spec; a changed spec bumps `generation`. */
  update(
    plural: Plural,
    current: KubeObject,
    next: Pick<KubeObject, 'spec'> & {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    },
  ): KubeObject {
    const specChanged =
      JSON.stringify(current.spec) !== JSON.stringify(next.spec);
    const metaChanged =
      JSON.stringify(current.metadata.labels) !== JSON.stringify(next.labels) ||
      JSON.stringify(current.metadata.annotations) !==
        JSON.stringify(next.annotations);
    if (!specChanged && !metaChanged) return current;
    const updated: KubeObject = {
      ...current,
      spec: next.spec,
      metadata: {
        ...current.metadata,
        labels: next.labels,
        annotations: next.annotations,
        resourceVersion: this.nextVersion(),
        ...(specChanged && current.metadata.generation !== undefined
          ? { generation: current.metadata.generation + 1 }
          : {}),
      },
    };
    this.put(plural, updated);
    return updated;
  }

  /** Writes the status subresource; unchanged status writes nothing, as the API server does. */
  setStatus(
    plural: Plural,
    current: KubeObject,
    status: Record<string, any>,
  ): KubeObject {
    if (JSON.stringify(current.status) === JSON.stringify(status))
      return current;
    const updated: KubeObject = {
      ...current,
      status,
      metadata: { ...current.metadata, resourceVersion: this.nextVersion() },
    };
    this.put(plural, updated);
    return updated;
  }

  /** Deletes the object and, recursively, every object it owns. */
  delete(plural: Plural, namespace: string | undefined, name: string): boolean {
    const obj = this.get(plural, namespace, name);
    if (!obj) return false;
    this.objects.get(plural)!.delete(keyOf(namespace, name));
    this.nextVersion();
    for (const p of this.objects.keys()) {
      for (const child of this.list(p)) {
        if (
          child.metadata.ownerReferences?.some(o => o.uid === obj.metadata.uid)
        )
          this.delete(p, child.metadata.namespace, child.metadata.name);
      }
    }
    return true;
  }

  /** Writes a whole object (for kinds without spec/status, such as Events and Secrets). */
  replace(plural: Plural, obj: KubeObject): KubeObject {
    const updated = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: this.nextVersion() },
    };
    this.put(plural, updated);
    return updated;
  }

  private put(plural: Plural, obj: KubeObject) {
    this.objects
      .get(plural)!
      .set(keyOf(obj.metadata.namespace, obj.metadata.name), obj);
  }
}

/** An owner reference to `owner` as a controller sets it. */
export const controllerRef = (owner: KubeObject): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid,
  controller: true,
  blockOwnerDeletion: true,
});
