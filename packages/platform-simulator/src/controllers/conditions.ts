import { kubeTime } from '../durations';

export type Condition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
};

export const conditionOf = (
  status: Record<string, any> | undefined,
  type: string,
): Condition | undefined =>
  (status?.conditions as Condition[] | undefined)?.find(c => c.type === type);

/**
 * Sets a condition as Kubernetes controllers do: lastTransitionTime moves
 * only when the status flips, so an unchanged condition writes nothing.
 */
export function setCondition(
  conditions: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime'>,
  now: number,
): Condition[] {
  const list = conditions ?? [];
  const current = list.find(c => c.type === next.type);
  const lastTransitionTime =
    current && current.status === next.status
      ? current.lastTransitionTime
      : kubeTime(now);
  const updated = { ...next, lastTransitionTime };
  return current
    ? list.map(c => (c.type === next.type ? updated : c))
    : [...list, updated];
}

export const removeCondition = (
  conditions: Condition[] | undefined,
  type: string,
) => (conditions ?? []).filter(c => c.type !== type);

/** A stable decimal hash, as cert-manager suffixes Order and Challenge names. */
export function nameHash(value: string): string {
  let h = 2166136261;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return String(h);
}
