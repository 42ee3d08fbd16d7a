import { conditionOf, setCondition } from '../conditions';
import { progressChallenges } from './acme';
import { CertManagerContext, Issuance } from './context';
import { issuanceTrigger, progressIssuance, startIssuance } from './issue';
import { reconcileClusterIssuers } from './issuers';

export { DEFAULT_TIMINGS } from './context';
export type { AcmeTimings, CertManagerContext } from './context';
export { ACCOUNT_ERROR } from './issuers';

/**
 * cert-manager's controllers for ACME ClusterIssuers and Certificates:
 * issue when the Secret is missing, at `renewalTime`, or when Issuing was
 * set (renew now); each issuance is a CertificateRequest, an Order and its
 * DNS-01 Challenges, ending in a Secret signed by the local CA.
 */
export class CertManagerController {
  private readonly issuances = new Map<string, Issuance>();

  constructor(private readonly ctx: CertManagerContext) {}

  async reconcile(now: number): Promise<void> {
    const { store } = this.ctx;
    reconcileClusterIssuers(store, this.ctx.faults, now);
    const live = new Set<string>();
    for (const listed of store.list('certificates')) {
      live.add(listed.metadata.uid);
      const cert = store.get(
        'certificates',
        listed.metadata.namespace,
        listed.metadata.name,
      )!;
      let issuance = this.issuances.get(cert.metadata.uid);
      if (!issuance) {
        const issuing = conditionOf(cert.status, 'Issuing');
        const trigger =
          issuing?.status === 'True'
            ? {
                reason: issuing.reason ?? 'ManuallyTriggered',
                message: issuing.message ?? '',
              }
            : issuanceTrigger(this.ctx, cert, now);
        if (!trigger) {
          this.markExpired(cert.metadata.namespace!, cert.metadata.name, now);
          continue;
        }
        issuance = await startIssuance(this.ctx, cert, trigger, now);
        this.issuances.set(cert.metadata.uid, issuance);
      }
      const current = store.get(
        'certificates',
        cert.metadata.namespace,
        cert.metadata.name,
      )!;
      const done = await progressIssuance(this.ctx, current, issuance, now, i =>
        progressChallenges(this.ctx, current, i, now),
      );
      if (done) this.issuances.delete(cert.metadata.uid);
      // A renewal stuck past notAfter leaves an expired certificate, whatever is in flight.
      else this.markExpired(cert.metadata.namespace!, cert.metadata.name, now);
    }
    for (const uid of this.issuances.keys())
      if (!live.has(uid)) this.issuances.delete(uid);
  }

  /** Certificates in flight, for the state endpoint. */
  get inFlight(): number {
    return this.issuances.size;
  }

  private markExpired(namespace: string, name: string, now: number) {
    const cert = this.ctx.store.get('certificates', namespace, name)!;
    const notAfter = Date.parse(cert.status?.notAfter ?? '');
    if (!Number.isFinite(notAfter) || notAfter > now) return;
    this.ctx.store.setStatus('certificates', cert, {
      ...cert.status,
      conditions: setCondition(
        cert.status?.conditions,
        {
          type: 'Ready',
          status: 'False',
          reason: 'Expired',
          message: `Certificate expired on ${new Date(notAfter).toUTCString()}`,
          observedGeneration: cert.metadata.generation,
        },
        now,
      ),
    });
  }
}
