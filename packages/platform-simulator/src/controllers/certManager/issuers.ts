import { Faults } from '../../faults';
import { ObjectStore } from '../../kube/store';
import { setCondition } from '../conditions';

/** What cert-manager's ACME issuer reports when it cannot register its account (the fault issuer-not-ready). */
export const ACCOUNT_ERROR =
  'Failed to register ACME account: 403 urn:ietf:params:acme:error:unauthorized: Account creation on ACMEv1 is disabled. Please upgrade your ACME client to a version that supports ACMEv2 / RFC 8555.';

/**
 * cert-manager's ClusterIssuer controller: an ACME issuer is Ready once its
 * account is registered; with the fault `issuer-not-ready` it is not.
 */
export function reconcileClusterIssuers(
  store: ObjectStore,
  faults: Faults,
  now: number,
) {
  for (const issuer of store.list('clusterissuers')) {
    const failing = faults.has('issuer-not-ready', issuer.metadata.name);
    const server = issuer.spec?.acme?.server ?? '';
    const conditions = setCondition(
      issuer.status?.conditions,
      failing
        ? {
            type: 'Ready',
            status: 'False',
            reason: 'ErrRegisterACMEAccount',
            message: ACCOUNT_ERROR,
            observedGeneration: issuer.metadata.generation,
          }
        : {
            type: 'Ready',
            status: 'True',
            reason: 'ACMEAccountRegistered',
            message: 'The ACME account was registered with the ACME server',
            observedGeneration: issuer.metadata.generation,
          },
      now,
    );
    store.setStatus('clusterissuers', issuer, {
      acme: {
        uri: `${server.replace(/\/directory$/, '')}/acme/acct/100000`,
        lastRegisteredEmail: issuer.spec?.acme?.email,
        lastPrivateKeyHash: 'c2ltdWxhdG9y',
      },
      conditions,
    });
  }
}

/** Whether the ClusterIssuer `name` exists and is Ready. */
export function issuerReady(store: ObjectStore, name: string): boolean {
  const issuer = store.get('clusterissuers', undefined, name);
  return !!issuer?.status?.conditions?.some(
    (c: { type: string; status: string }) =>
      c.type === 'Ready' && c.status === 'True',
  );
}
