import { kubeTime, parseDuration } from '../../durations';
import { controllerRef, KubeObject } from '../../kube/store';
import { conditionOf, removeCondition, setCondition } from '../conditions';
import { issuerReady } from './issuers';
import { completeOrder, createOrder, pendingRequestConditions } from './acme';
import { CertManagerContext, copiedLabels, Issuance } from './context';

const DEFAULT_DURATION_MS = 90 * 24 * 3_600_000;

/** Why cert-manager would issue now (its trigger controller's reasons), or undefined. */
export function issuanceTrigger(
  ctx: CertManagerContext,
  cert: KubeObject,
  now: number,
): { reason: string; message: string } | undefined {
  const status = cert.status ?? {};
  const secret = ctx.store.get(
    'secrets',
    cert.metadata.namespace,
    cert.spec?.secretName ?? '',
  );
  if (!secret)
    return {
      reason: 'DoesNotExist',
      message: 'Issuing certificate as Secret does not exist',
    };
  const names = (cert.spec?.dnsNames ?? []).join(',');
  if (secret.metadata.annotations?.['cert-manager.io/alt-names'] !== names)
    return {
      reason: 'SecretMismatch',
      message:
        'Issuing certificate as Secret was previously issued for different DNS names',
    };
  const renewal = Date.parse(status.renewalTime ?? '');
  if (Number.isFinite(renewal) && renewal <= now)
    return {
      reason: 'Renewing',
      message: `Renewing certificate as renewal was scheduled at ${status.renewalTime}`,
    };
  return undefined;
}

/** Starts an issuance: Issuing=True, a new key and CertificateRequest, and an Order when the issuer is ready. */
export async function startIssuance(
  ctx: CertManagerContext,
  cert: KubeObject,
  trigger: { reason: string; message: string },
  now: number,
): Promise<Issuance> {
  const { store } = ctx;
  const revision = (cert.status?.revision ?? 0) + 1;
  const requestName = `${cert.metadata.name}-${revision}`;
  let conditions = setCondition(
    cert.status?.conditions,
    {
      type: 'Issuing',
      status: 'True',
      ...trigger,
      observedGeneration: cert.metadata.generation,
    },
    now,
  );
  if (trigger.reason === 'DoesNotExist')
    conditions = setCondition(
      conditions,
      {
        type: 'Ready',
        status: 'False',
        ...trigger,
        observedGeneration: cert.metadata.generation,
      },
      now,
    );
  if (!conditionOf(cert.status, 'Issuing'))
    ctx.events.record(cert, 'Normal', 'Issuing', trigger.message);
  const updated = store.setStatus('certificates', cert, {
    ...cert.status,
    conditions,
    nextPrivateKeySecretName: `${cert.metadata.name}-next`,
  });
  const csr = await ctx.ca.csr(cert.spec?.dnsNames ?? []);
  ctx.events.record(
    updated,
    'Normal',
    'Generated',
    `Stored new private key in temporary Secret resource "${cert.metadata.name}-next"`,
  );
  store.delete('certificaterequests', cert.metadata.namespace, requestName);
  const request = store.create('certificaterequests', {
    metadata: {
      name: requestName,
      namespace: cert.metadata.namespace,
      labels: copiedLabels(cert),
      annotations: {
        'cert-manager.io/certificate-name': cert.metadata.name,
        'cert-manager.io/certificate-revision': String(revision),
        'cert-manager.io/private-key-secret-name': `${cert.metadata.name}-next`,
      },
      ownerReferences: [controllerRef(updated)],
    },
    spec: {
      request: Buffer.from(csr.pem).toString('base64'),
      issuerRef: cert.spec?.issuerRef,
      duration: cert.spec?.duration ?? '2160h0m0s',
      usages: ['digital signature', 'key encipherment'],
      username: 'system:serviceaccount:cert-manager:cert-manager',
    },
    status: {
      conditions: setCondition(
        undefined,
        {
          type: 'Approved',
          status: 'True',
          reason: 'cert-manager.io',
          message: 'Certificate request has been approved by cert-manager.io',
        },
        now,
      ),
    },
  });
  ctx.events.record(
    updated,
    'Normal',
    'Requested',
    `Created new CertificateRequest resource "${requestName}"`,
  );
  ctx.events.record(
    request,
    'Normal',
    'cert-manager.io',
    'Certificate request has been approved by cert-manager.io',
  );
  return {
    revision,
    requestName,
    startedAt: now,
    keys: csr.keys,
    csrPem: csr.pem,
  };
}

/** Advances an issuance; true when it has finished (the Certificate is issued). */
export async function progressIssuance(
  ctx: CertManagerContext,
  cert: KubeObject,
  issuance: Issuance,
  now: number,
  challengesValid: (issuance: Issuance) => boolean,
): Promise<boolean> {
  const { store } = ctx;
  const ns = cert.metadata.namespace;
  const request = store.get('certificaterequests', ns, issuance.requestName);
  if (!request) return true;
  if (!issuance.orderName) {
    if (!issuerReady(store, cert.spec?.issuerRef?.name ?? '')) {
      store.setStatus('certificaterequests', request, {
        ...request.status,
        conditions: pendingRequestConditions(
          request,
          'Referenced issuer does not have a Ready status condition',
          now,
        ),
      });
      // The request waits; it starts its ACME clock once the issuer is back.
      issuance.startedAt = now;
      return false;
    }
    createOrder(ctx, cert, request, issuance, now);
    store.setStatus('certificaterequests', request, {
      ...request.status,
      conditions: pendingRequestConditions(
        request,
        `Waiting on certificate issuance from order ${ns}/${issuance.orderName}: "pending"`,
        now,
      ),
    });
    return false;
  }
  if (!challengesValid(issuance)) return false;
  await finishIssuance(ctx, cert, request, issuance, now);
  return true;
}

async function finishIssuance(
  ctx: CertManagerContext,
  cert: KubeObject,
  request: KubeObject,
  issuance: Issuance,
  now: number,
) {
  const { store } = ctx;
  const ns = cert.metadata.namespace;
  const dnsNames: string[] = cert.spec?.dnsNames ?? [];
  const durationMs = parseDuration(cert.spec?.duration) ?? DEFAULT_DURATION_MS;
  const issued = await ctx.ca.issue(dnsNames, issuance.keys, now, durationMs);
  completeOrder(ctx, cert, issuance, issued.certificatePem);
  const pemB64 = Buffer.from(issued.certificatePem).toString('base64');
  const caB64 = Buffer.from(issued.caPem).toString('base64');
  store.setStatus('certificaterequests', request, {
    ...request.status,
    certificate: pemB64,
    ca: caB64,
    conditions: setCondition(
      request.status?.conditions,
      {
        type: 'Ready',
        status: 'True',
        reason: 'Issued',
        message: 'Certificate fetched from issuer successfully',
      },
      now,
    ),
  });
  ctx.events.record(
    request,
    'Normal',
    'CertificateIssued',
    'Certificate fetched from issuer successfully',
  );
  writeSecret(ctx, cert, issued, pemB64, caB64);
  // Default renewal: two thirds through the validity, as cert-manager does without renewBefore.
  const renewBeforeMs = parseDuration(cert.spec?.renewBefore) ?? durationMs / 3;
  const current = store.get('certificates', ns, cert.metadata.name)!;
  const conditions = setCondition(
    removeCondition(current.status?.conditions, 'Issuing'),
    {
      type: 'Ready',
      status: 'True',
      reason: 'Ready',
      message: 'Certificate is up to date and has not expired',
      observedGeneration: current.metadata.generation,
    },
    now,
  );
  store.setStatus('certificates', current, {
    conditions,
    notBefore: kubeTime(issued.notBefore),
    notAfter: kubeTime(issued.notAfter),
    renewalTime: kubeTime(issued.notAfter - renewBeforeMs),
    revision: issuance.revision,
  });
  ctx.events.record(
    current,
    'Normal',
    'Issuing',
    'The certificate has been successfully issued',
  );
  pruneRequests(ctx, current);
}

function writeSecret(
  ctx: CertManagerContext,
  cert: KubeObject,
  issued: { privateKeyPem: string; serialNumber: string },
  pemB64: string,
  caB64: string,
) {
  const { store } = ctx;
  const ns = cert.metadata.namespace;
  const name = cert.spec?.secretName;
  const issuerRef = cert.spec?.issuerRef ?? {};
  const metadata = {
    name,
    namespace: ns,
    labels: {
      'controller.cert-manager.io/fao': 'true',
      ...cert.spec?.secretTemplate?.labels,
    },
    annotations: {
      ...cert.spec?.secretTemplate?.annotations,
      'cert-manager.io/alt-names': (cert.spec?.dnsNames ?? []).join(','),
      'cert-manager.io/certificate-name': cert.metadata.name,
      'cert-manager.io/common-name': cert.spec?.dnsNames?.[0] ?? '',
      'cert-manager.io/ip-sans': '',
      'cert-manager.io/issuer-group': issuerRef.group ?? 'cert-manager.io',
      'cert-manager.io/issuer-kind': issuerRef.kind ?? 'Issuer',
      'cert-manager.io/issuer-name': issuerRef.name ?? '',
      'cert-manager.io/uri-sans': '',
    },
  };
  const data = {
    'tls.crt': pemB64,
    'tls.key': Buffer.from(issued.privateKeyPem).toString('base64'),
    'ca.crt': caB64,
  };
  const existing = store.get('secrets', ns, name);
  if (existing)
    store.replace('secrets', {
      ...existing,
      metadata: { ...existing.metadata, ...metadata },
      data,
    });
  else store.create('secrets', { metadata, type: 'kubernetes.io/tls', data });
}

/** Keeps `revisionHistoryLimit` CertificateRequests, as cert-manager's revision manager does. */
function pruneRequests(ctx: CertManagerContext, cert: KubeObject) {
  const limit = cert.spec?.revisionHistoryLimit;
  if (!limit) return;
  const owned = ctx.store
    .list('certificaterequests', cert.metadata.namespace)
    .filter(cr =>
      cr.metadata.ownerReferences?.some(o => o.uid === cert.metadata.uid),
    )
    .sort(
      (a, b) =>
        Number(
          b.metadata.annotations?.['cert-manager.io/certificate-revision'],
        ) -
        Number(
          a.metadata.annotations?.['cert-manager.io/certificate-revision'],
        ),
    );
  for (const cr of owned.slice(limit))
    ctx.store.delete(
      'certificaterequests',
      cr.metadata.namespace,
      cr.metadata.name,
    );
}
