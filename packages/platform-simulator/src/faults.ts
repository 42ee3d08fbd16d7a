/**
 * Faults a demo or test can script, each on a name: a certificate
 * (`team/name` or `name`), an issuer (issuer-not-ready), or a team
 * (argocd-out-of-sync also takes `team`).
 */
export const FAULT_KINDS = [
  'challenge-stuck',
  'issuer-not-ready',
  'pushsecret-failing',
  'vault-stale',
  'argocd-out-of-sync',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];
export type Fault = { kind: FaultKind; target: string };

export class Faults {
  private readonly active = new Map<string, Fault>();

  list(): Fault[] {
    return [...this.active.values()];
  }

  add(fault: Fault) {
    this.active.set(`${fault.kind}:${fault.target}`, fault);
  }

  remove(fault: Fault): boolean {
    return this.active.delete(`${fault.kind}:${fault.target}`);
  }

  clear() {
    this.active.clear();
  }

  /** Whether `kind` is scripted for any of `names` (e.g. `team-a/shop`, `shop`, `team-a`). */
  has(kind: FaultKind, ...names: Array<string | undefined>): boolean {
    return names.some(n => n !== undefined && this.active.has(`${kind}:${n}`));
  }
}
