import { controllerRef, KubeObject } from '../../kube/store';
import { nameHash, setCondition } from '../conditions';
import {
  CertManagerContext,
  certificateNames,
  copiedLabels,
  Issuance,
} from './context';

const serverOf = (ctx: CertManagerContext, cert: KubeObject) =>
  ctx.store.get('clusterissuers', undefined, cert.spec?.issuerRef?.name ?? '')
    ?.spec?.acme?.server ?? '';

const acmeBase = (server: string) => server.replace(/\/directory$/, '');

/** cert-manager's ACME issuer: an Order for the request, one DNS-01 Challenge per name. */
export function createOrder(
  ctx: CertManagerContext,
  cert: KubeObject,
  request: KubeObject,
  issuance: Issuance,
  now: number,
) {
  const dnsNames: string[] = cert.spec?.dnsNames ?? [];
  const server = serverOf(ctx, cert);
  const base = acmeBase(server);
  const orderName = `${request.metadata.name}-${nameHash(dnsNames.join(','))}`;
  const orderId = nameHash(`${orderName}/${now}`);
  ctx.acmeCall(server, '/acme/new-order', 'POST', 201);
  const order = ctx.store.create('orders', {
    metadata: {
      name: orderName,
      namespace: cert.metadata.namespace,
      labels: copiedLabels(cert),
      annotations: {
        'cert-manager.io/certificate-name': cert.metadata.name,
        'cert-manager.io/certificate-revision': String(issuance.revision),
        'cert-manager.io/private-key-secret-name': `${cert.metadata.name}-next`,
      },
      ownerReferences: [controllerRef(request)],
    },
    spec: {
      request: request.spec?.request,
      issuerRef: cert.spec?.issuerRef,
      dnsNames,
      ...(cert.spec?.duration ? { duration: cert.spec.duration } : {}),
    },
    status: {
      state: 'pending',
      url: `${base}/acme/order/100000/${orderId}`,
      finalizeURL: `${base}/acme/finalize/100000/${orderId}`,
      authorizations: dnsNames.map(d => ({
        url: `${base}/acme/authz-v3/${nameHash(d + orderId)}`,
        identifier: d.replace(/^\*\./, ''),
        initialState: 'pending',
        wildcard: d.startsWith('*.'),
        challenges: [
          {
            type: 'dns-01',
            url: `${base}/acme/chall-v3/${nameHash(d + orderId)}/dns`,
            token: nameHash(`token/${d}/${orderId}`),
          },
        ],
      })),
    },
  });
  for (const dnsName of dnsNames) createChallenge(ctx, cert, order, dnsName);
  ctx.events.record(
    request,
    'Normal',
    'OrderCreated',
    `Created Order resource ${order.metadata.namespace}/${orderName}`,
  );
  issuance.orderName = orderName;
}

function createChallenge(
  ctx: CertManagerContext,
  cert: KubeObject,
  order: KubeObject,
  dnsName: string,
) {
  const authz = (order.status?.authorizations ?? []).find(
    (a: { identifier: string; wildcard: boolean }) =>
      a.identifier === dnsName.replace(/^\*\./, '') &&
      a.wildcard === dnsName.startsWith('*.'),
  );
  const challenge = ctx.store.create('challenges', {
    metadata: {
      name: `${order.metadata.name}-${nameHash(dnsName)}`,
      namespace: order.metadata.namespace,
      ownerReferences: [controllerRef(order)],
    },
    spec: {
      url: authz?.challenges[0].url,
      authorizationURL: authz?.url,
      dnsName: dnsName.replace(/^\*\./, ''),
      wildcard: dnsName.startsWith('*.'),
      type: 'DNS-01',
      token: authz?.challenges[0].token,
      key: `${authz?.challenges[0].token}.c2ltdWxhdG9y`,
      solver: { dns01: {} },
      issuerRef: cert.spec?.issuerRef,
    },
    status: {
      processing: true,
      presented: false,
      state: 'pending',
      reason: '',
    },
  });
  ctx.events.record(
    challenge,
    'Normal',
    'Started',
    'Challenge scheduled for processing',
  );
}

/**
 * Moves the order's challenges on: presented after a second, valid after
 * a few, or stuck with the DNS provider's error (fault challenge-stuck).
 * True when every challenge is valid.
 */
export function progressChallenges(
  ctx: CertManagerContext,
  cert: KubeObject,
  issuance: Issuance,
  now: number,
): boolean {
  const stuck = ctx.faults.has('challenge-stuck', ...certificateNames(cert));
  const elapsed = now - issuance.startedAt;
  const challenges = ctx.store
    .list('challenges', cert.metadata.namespace)
    .filter(c => c.metadata.name.startsWith(`${issuance.orderName}-`));
  let allValid = challenges.length > 0;
  for (const c of challenges) {
    const dnsName = c.spec?.dnsName;
    let status: Record<string, unknown>;
    if (stuck) {
      const error = ctx.providerError(dnsName);
      status = {
        processing: true,
        presented: false,
        state: 'pending',
        reason: error,
      };
      if (c.status?.reason !== error)
        ctx.events.record(
          c,
          'Warning',
          'PresentError',
          `Error presenting challenge: ${error}`,
        );
    } else if (elapsed >= ctx.timings.validAfterMs) {
      status = {
        processing: false,
        presented: false,
        state: 'valid',
        reason: 'Successfully authorized domain',
      };
      if (c.status?.state !== 'valid') {
        ctx.acmeCall(serverOf(ctx, cert), '/acme/chall-v3', 'POST', 200);
        ctx.events.record(
          c,
          'Normal',
          'DomainVerified',
          'Domain verified with DNS-01 validation',
        );
      }
    } else if (elapsed >= ctx.timings.presentAfterMs) {
      status = {
        processing: true,
        presented: true,
        state: 'pending',
        reason: `Waiting for DNS-01 challenge propagation: DNS record for "${dnsName}" not yet propagated`,
      };
      if (!c.status?.presented)
        ctx.events.record(
          c,
          'Normal',
          'Presented',
          'Presented challenge using DNS-01 challenge mechanism',
        );
    } else {
      status = c.status ?? {};
    }
    ctx.store.setStatus('challenges', c, status);
    if (status.state !== 'valid') allValid = false;
  }
  return allValid;
}

/** The Order is valid: cert-manager finalizes it and removes its Challenges. */
export function completeOrder(
  ctx: CertManagerContext,
  cert: KubeObject,
  issuance: Issuance,
  certificatePem: string,
) {
  const order = ctx.store.get(
    'orders',
    cert.metadata.namespace,
    issuance.orderName!,
  );
  if (!order) return;
  const server = serverOf(ctx, cert);
  ctx.acmeCall(server, '/acme/finalize', 'POST', 200);
  ctx.acmeCall(server, '/acme/cert', 'POST', 200);
  ctx.store.setStatus('orders', order, {
    ...order.status,
    state: 'valid',
    certificate: Buffer.from(certificatePem).toString('base64'),
  });
  for (const c of ctx.store.list('challenges', cert.metadata.namespace))
    if (c.metadata.ownerReferences?.some(o => o.uid === order.metadata.uid))
      ctx.store.delete('challenges', c.metadata.namespace, c.metadata.name);
  ctx.events.record(
    order,
    'Normal',
    'Complete',
    'Order completed successfully',
  );
}

/** The CertificateRequest's Ready condition while its order is pending. */
export function pendingRequestConditions(
  request: KubeObject,
  message: string,
  now: number,
) {
  return setCondition(
    request.status?.conditions,
    { type: 'Ready', status: 'False', reason: 'Pending', message },
    now,
  );
}
