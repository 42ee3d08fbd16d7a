import {
  CERTIFICATE_STATUS_STEPS,
  CertificateLifecycle,
  CertificateStatusSummary,
  ChallengeInfo,
  StatusEvent,
  StatusObject,
  StatusReason,
  StepState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { TeamClusterSnapshot } from './kubernetes';
import {
  applicationStatus,
  certificateSpec,
  certificateStatus,
  challengeSpec,
  challengeStatus,
  Condition,
  conditionsStatus,
  orderStatus as orderStatusOf,
  pushSecretStatus,
} from './resources';
import { VaultKeyMetadata } from './vault';

export const CERTIFICATE_LABEL = 'certificates.backstage.io/certificate';
const REVISION_ANNOTATION = 'cert-manager.io/certificate-revision';
const CERTIFICATE_NAME_ANNOTATION = 'cert-manager.io/certificate-name';
/** Vault may lag issuance by this much before it counts as failed rather than in progress. */
const VAULT_LAG_GRACE_MS = 15 * 60 * 1000;

export function conditionOf(
  obj: StatusObject | undefined,
  type: string,
): Condition | undefined {
  const conditions = conditionsStatus(obj).conditions;
  return Array.isArray(conditions)
    ? conditions.find(c => c.type === type)
    : undefined;
}

const ref = (kind: string, o: StatusObject) =>
  `${kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${
    o.metadata.name
  }`;

const PR_STEP_STATE: Record<'open' | 'merged' | 'closed', StepState> = {
  merged: 'done',
  open: 'in-progress',
  closed: 'failed',
};

const PR_STATE_TEXT: Record<'open' | 'merged' | 'closed', string> = {
  merged: 'merged',
  open: 'open, waiting for review and merge',
  closed: 'closed without merging',
};

function conditionReason(
  kind: string,
  o: StatusObject,
  c: Condition,
): StatusReason {
  return {
    source: `${ref(kind, o)} condition ${c.type}`,
    reason: c.reason,
    message: c.message ?? '',
  };
}

/** `Ready: False, Reason: Failed, Message: …`, as cmctl prints a condition. */
export const cmctlCondition = (c: Condition) =>
  `${c.type}: ${c.status}, Reason: ${c.reason ?? ''}, Message: ${
    c.message ?? ''
  }`;

const ownedBy = (o: StatusObject, owner: StatusObject) =>
  (o.metadata.ownerReferences ?? []).some(r =>
    owner.metadata.uid
      ? r.uid === owner.metadata.uid
      : r.name === owner.metadata.name,
  );

const created = (o: StatusObject) =>
  Date.parse(o.metadata.creationTimestamp ?? '') || 0;
const revisionOf = (o: StatusObject) =>
  Number(o.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);

/** The objects one certificate involves on one cluster, matched as cmctl does (owner references). */
export type CertificateObjects = {
  cluster: string;
  certificate: StatusObject;
  certificateRequests: StatusObject[]; // newest first
  currentRequest?: StatusObject;
  order?: StatusObject;
  challenges: StatusObject[];
  pushSecret?: StatusObject;
  issuer?: StatusObject;
  issuerName?: string;
  application?: StatusObject;
  events: StatusEvent[];
};

export function matchObjects(
  snapshot: TeamClusterSnapshot,
  certificate: StatusObject,
  issuers: StatusObject[] | undefined,
): CertificateObjects {
  const name = certificate.metadata.name;
  const certificateRequests = snapshot.certificateRequests
    .filter(
      cr =>
        ownedBy(cr, certificate) ||
        cr.metadata.annotations?.[CERTIFICATE_NAME_ANNOTATION] === name,
    )
    .sort((a, b) => revisionOf(b) - revisionOf(a) || created(b) - created(a));
  const currentRequest = certificateRequests[0];
  const order = currentRequest
    ? snapshot.orders
        .filter(o => ownedBy(o, currentRequest))
        .sort((a, b) => created(b) - created(a))[0]
    : undefined;
  const challenges = order
    ? snapshot.challenges.filter(c => ownedBy(c, order))
    : [];
  const pushSecret = snapshot.pushSecrets.find(
    p =>
      p.metadata.name === name ||
      p.metadata.labels?.[CERTIFICATE_LABEL] === name,
  );
  const issuerRef = certificateSpec(certificate).issuerRef;
  const issuerName = issuerRef?.name;
  const issuer =
    issuerName && (issuerRef?.kind ?? 'Issuer') === 'ClusterIssuer'
      ? issuers?.find(i => i.metadata.name === issuerName)
      : undefined;
  const uids = new Set(
    [certificate, ...certificateRequests, order, ...challenges, pushSecret]
      .filter((o): o is StatusObject => !!o)
      .map(o => o.metadata.uid ?? `${o.kind}/${o.metadata.name}`),
  );
  const names = new Set(
    [certificate, ...certificateRequests, order, ...challenges, pushSecret]
      .filter((o): o is StatusObject => !!o)
      .map(o => `${o.kind ?? ''}/${o.metadata.name}`),
  );
  const events = snapshot.events
    .filter(
      e =>
        (e.involvedObject.uid && uids.has(e.involvedObject.uid)) ||
        names.has(
          `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
        ),
    )
    .sort(
      (a, b) =>
        (Date.parse(b.lastTimestamp ?? '') || 0) -
        (Date.parse(a.lastTimestamp ?? '') || 0),
    )
    .slice(0, 50);
  return {
    cluster: snapshot.cluster,
    certificate,
    certificateRequests,
    currentRequest,
    order,
    challenges,
    pushSecret,
    issuer,
    issuerName,
    application: snapshot.application,
    events,
  };
}

export type LifecycleInput = {
  team: string;
  certificateName: string;
  request?: StoredCertificateRequest;
  objects?: CertificateObjects;
  alsoOn?: string[];
  clustersConfigured: boolean;
  /** Errors of clusters that could not be read for this team. */
  unreachable: string[];
  /** Whether the issuer list could be read (else the issuer state is unknown). */
  issuersKnown: boolean;
  vaultConfigured: boolean;
  vaultPath?: string;
  vault?: VaultKeyMetadata;
  now: number;
};

function challengeInfo(c: StatusObject): ChallengeInfo {
  const spec = challengeSpec(c);
  const status = challengeStatus(c);
  return {
    name: c.metadata.name,
    type: spec.type,
    dnsName: spec.dnsName,
    wildcard: spec.wildcard,
    state: status.state,
    reason: status.reason,
    presented: status.presented,
    processing: status.processing,
  };
}

const FAILED_ACME_STATES: ReadonlyArray<string | undefined> = [
  'invalid',
  'errored',
  'expired',
];

/** Builds the seven steps of one certificate from its stored request and cluster objects. */
export function buildLifecycle(
  input: LifecycleInput,
): CertificateStatusSummary {
  const { request, objects, now } = input;
  const cert = objects?.certificate;
  const certStatus = certificateStatus(cert);
  const ready = cert ? conditionOf(cert, 'Ready') : undefined;
  const issuing = cert ? conditionOf(cert, 'Issuing') : undefined;
  const onCluster = !!cert;
  let noClusterMessage: string | undefined;
  if (!input.clustersConfigured)
    noClusterMessage = 'No clusters configured for status';
  else if (input.unreachable.length)
    noClusterMessage = `Cluster state unavailable: ${input.unreachable.join(
      '; ',
    )}`;

  // 1. Requested
  const requested: CertificateLifecycle['requested'] = request
    ? {
        key: 'requested',
        state: request.state === 'failed' ? 'failed' : 'done',
        time: request.createdAt,
        message:
          request.state === 'failed'
            ? `Publishing failed: ${request.error ?? 'unknown error'}`
            : `Requested by ${request.createdBy}`,
        reason:
          request.state === 'failed'
            ? {
                source: `request ${request.id}`,
                reason: 'failed',
                message: request.error ?? '',
              }
            : undefined,
        requestId: request.id,
        requestState: request.state,
        by: request.createdBy,
      }
    : {
        key: 'requested',
        state: 'unknown',
        message: 'No request stored in Backstage (created outside the portal)',
      };

  // 2. Pull request
  let pullRequest: CertificateLifecycle['pullRequest'];
  const pr = request?.pullRequest;
  if (pr) {
    const state = PR_STEP_STATE[pr.state];
    pullRequest = {
      key: 'pullRequest',
      state,
      time: pr.state === 'open' ? request!.createdAt : request!.updatedAt,
      message: `Pull request #${pr.number} ${PR_STATE_TEXT[pr.state]}`,
      reason:
        pr.state === 'closed'
          ? {
              source: `pull request #${pr.number}`,
              reason: 'closed',
              message: `Pull request #${pr.number} was closed without merging`,
            }
          : undefined,
      pullRequest: { number: pr.number, url: pr.url, state: pr.state },
    };
  } else if (request) {
    pullRequest =
      request.state === 'failed'
        ? {
            key: 'pullRequest',
            state: 'pending',
            message: 'Not opened: publishing failed',
          }
        : {
            key: 'pullRequest',
            state: 'in-progress',
            message: 'Pull request being opened',
          };
  } else {
    pullRequest = {
      key: 'pullRequest',
      state: onCluster ? 'unknown' : 'pending',
    };
  }
  const merged = pr?.state === 'merged' || request?.state === 'merged';

  // 3. Synced (Argo CD)
  let synced: CertificateLifecycle['synced'];
  const app = objects?.application;
  const appName = `tenant-${input.team}`;
  if (!onCluster) {
    if (noClusterMessage)
      synced = {
        key: 'synced',
        state: merged ? 'unknown' : 'pending',
        message: noClusterMessage,
      };
    else if (merged)
      synced = {
        key: 'synced',
        state: 'in-progress',
        message: `Waiting for Argo CD Application ${appName} to create the Certificate`,
      };
    else synced = { key: 'synced', state: 'pending' };
  } else {
    const s = applicationStatus(app);
    const resource = Array.isArray(s.resources)
      ? s.resources.find(
          r => r.kind === 'Certificate' && r.name === input.certificateName,
        )
      : undefined;
    const syncStatus = resource?.status ?? s.sync?.status;
    const op = s.operationState;
    const info = app
      ? {
          application: app.metadata.name,
          cluster: objects!.cluster,
          syncStatus,
          healthStatus: s.health?.status,
          revision: s.sync?.revision,
          operationPhase: op?.phase,
        }
      : undefined;
    if (!app) {
      synced = {
        key: 'synced',
        state: 'done',
        message: `Certificate present on cluster ${
          objects!.cluster
        } (Argo CD Application ${appName} not found)`,
        time: cert!.metadata.creationTimestamp,
      };
    } else if (op && (op.phase === 'Failed' || op.phase === 'Error')) {
      synced = {
        key: 'synced',
        state: 'failed',
        time: op.finishedAt,
        message: `Sync ${op.phase}: ${op.message ?? ''}`,
        reason: {
          source: `Application ${app.metadata.namespace}/${app.metadata.name} operationState`,
          reason: op.phase,
          message: op.message ?? '',
        },
        sync: info,
      };
    } else if (syncStatus === 'Synced') {
      synced = {
        key: 'synced',
        state: 'done',
        time: op?.finishedAt ?? s.reconciledAt,
        message: `Synced at revision ${s.sync?.revision ?? '?'}`,
        sync: info,
      };
    } else {
      synced = {
        key: 'synced',
        state: 'in-progress',
        time: s.reconciledAt,
        message: `Argo CD: ${syncStatus ?? 'Unknown'}${
          op?.message ? ` (${op.message})` : ''
        }`,
        sync: info,
      };
    }
  }

  // 4. ACME: issuer, order, challenges
  let acme: CertificateLifecycle['acme'];
  const order = objects?.order;
  const challenges = objects?.challenges ?? [];
  const issuerReady = objects?.issuer
    ? conditionOf(objects.issuer, 'Ready')
    : undefined;
  const acmeInfo = objects
    ? {
        issuer: objects.issuerName,
        issuerReady: issuerReady ? issuerReady.status === 'True' : undefined,
        order: order?.metadata.name,
        orderState: orderStatusOf(order).state,
        orderReason: orderStatusOf(order).reason || undefined,
        challenges: challenges.map(challengeInfo),
      }
    : undefined;
  const isIssuing = issuing?.status === 'True';
  const issuerProblem =
    objects && input.issuersKnown
      ? issuerProblemOf(objects, issuerReady)
      : undefined;
  if (!cert) {
    acme = {
      key: 'acme',
      state: noClusterMessage && merged ? 'unknown' : 'pending',
      message: merged ? noClusterMessage : undefined,
    };
  } else {
    const orderStatus = orderStatusOf(order);
    const failedChallenge = challenges.find(c =>
      FAILED_ACME_STATES.includes(challengeStatus(c).state),
    );
    const waitingChallenge = challenges.find(
      c => challengeStatus(c).state !== 'valid',
    );
    const crReady = objects?.currentRequest
      ? conditionOf(objects.currentRequest, 'Ready')
      : undefined;
    if (order && FAILED_ACME_STATES.includes(orderStatus.state)) {
      const failedStatus = challengeStatus(failedChallenge);
      // The most specific reason wins, as cmctl shows it: challenge, then order, then request.
      let reason: StatusReason = {
        source: ref('Order', order),
        reason: orderStatus.state,
        message: `Order is in "${orderStatus.state}" state`,
      };
      if (failedChallenge && failedStatus.reason) {
        reason = {
          source: `${ref('Challenge', failedChallenge)} status.reason`,
          reason: failedStatus.state,
          message: failedStatus.reason,
        };
      } else if (orderStatus.reason) {
        reason = {
          source: `${ref('Order', order)} status.reason`,
          reason: orderStatus.state,
          message: orderStatus.reason,
        };
      } else if (crReady) {
        reason = conditionReason(
          'CertificateRequest',
          objects!.currentRequest!,
          crReady,
        );
      }
      acme = {
        key: 'acme',
        state: 'failed',
        time: orderStatus.failureTime,
        message: `Order ${orderStatus.state}: ${reason.message}`,
        reason,
        acme: acmeInfo,
      };
    } else if (order && orderStatus.state === 'valid') {
      acme = {
        key: 'acme',
        state: 'done',
        time: order.metadata.creationTimestamp,
        message: `Order ${order.metadata.name} valid`,
        acme: acmeInfo,
      };
    } else if (order) {
      const c = failedChallenge ?? waitingChallenge;
      const cs = challengeStatus(c);
      const reason: StatusReason | undefined =
        c && cs.reason
          ? {
              source: `${ref('Challenge', c)} status.reason`,
              reason: cs.state,
              message: cs.reason,
            }
          : undefined;
      acme = {
        key: 'acme',
        state: failedChallenge ? 'failed' : 'in-progress',
        time: order.metadata.creationTimestamp,
        message: c
          ? `Challenge ${challengeSpec(c).type ?? ''} for ${
              challengeSpec(c).dnsName ?? ''
            }: ${cs.state ?? 'pending'}${cs.reason ? `: ${cs.reason}` : ''}`
          : `Order ${orderStatus.state ?? 'pending'}`,
        reason,
        acme: acmeInfo,
      };
    } else if (issuerProblem && (isIssuing || ready?.status !== 'True')) {
      acme = {
        key: 'acme',
        state: 'failed',
        message: `Issuer not ready: ${issuerProblem.reason ?? ''}: ${
          issuerProblem.message
        }`,
        reason: issuerProblem,
        acme: acmeInfo,
      };
    } else if (
      crReady &&
      crReady.status === 'False' &&
      (crReady.reason === 'Failed' || crReady.reason === 'Denied')
    ) {
      const reason = conditionReason(
        'CertificateRequest',
        objects!.currentRequest!,
        crReady,
      );
      acme = {
        key: 'acme',
        state: 'failed',
        message: `${crReady.reason}: ${crReady.message ?? ''}`,
        reason,
        acme: acmeInfo,
      };
    } else if (ready?.status === 'True' && !isIssuing) {
      acme = {
        key: 'acme',
        state: 'done',
        message: 'No order in flight',
        acme: acmeInfo,
      };
    } else {
      acme = {
        key: 'acme',
        state: 'in-progress',
        message: crReady
          ? `${crReady.reason ?? ''}: ${crReady.message ?? ''}`
          : 'Waiting for a CertificateRequest',
        reason:
          crReady && objects?.currentRequest
            ? conditionReason(
                'CertificateRequest',
                objects.currentRequest,
                crReady,
              )
            : undefined,
        acme: acmeInfo,
      };
    }
  }

  // 5. Issued
  let issued: CertificateLifecycle['issued'];
  const notAfterMs = Date.parse(certStatus.notAfter ?? '');
  const issuedInfo = cert
    ? {
        ready: ready ? ready.status === 'True' : undefined,
        notBefore: certStatus.notBefore,
        notAfter: certStatus.notAfter,
        renewalTime: certStatus.renewalTime,
        revision: certStatus.revision,
      }
    : undefined;
  if (!cert) {
    issued = {
      key: 'issued',
      state: noClusterMessage && merged ? 'unknown' : 'pending',
    };
  } else if (Number.isFinite(notAfterMs) && notAfterMs <= now) {
    const reason =
      ready && ready.status !== 'True'
        ? conditionReason('Certificate', cert, ready)
        : {
            source: `${ref('Certificate', cert)} status.notAfter`,
            reason: 'Expired',
            message: `Certificate expired on ${new Date(
              notAfterMs,
            ).toUTCString()}`,
          };
    issued = {
      key: 'issued',
      state: 'failed',
      time: certStatus.notAfter,
      message: `Expired: ${reason.message}`,
      reason,
      issued: issuedInfo,
    };
  } else if (ready?.status === 'True') {
    issued = {
      key: 'issued',
      state: 'done',
      time: certStatus.notBefore,
      message: ready.message,
      issued: issuedInfo,
    };
  } else if (isIssuing) {
    issued = {
      key: 'issued',
      state: 'in-progress',
      time: issuing!.lastTransitionTime,
      message: `${issuing!.reason ?? ''}: ${issuing!.message ?? ''}`,
      reason: conditionReason('Certificate', cert, issuing!),
      issued: issuedInfo,
    };
  } else if (issuing?.status === 'False' && issuing.reason === 'Failed') {
    issued = {
      key: 'issued',
      state: 'failed',
      time: certStatus.lastFailureTime,
      message: `${issuing.reason}: ${issuing.message ?? ''}`,
      reason: conditionReason('Certificate', cert, issuing),
      issued: issuedInfo,
    };
  } else if (ready) {
    issued = {
      key: 'issued',
      state: 'failed',
      time: ready.lastTransitionTime,
      message: `${ready.reason ?? ''}: ${ready.message ?? ''}`,
      reason: conditionReason('Certificate', cert, ready),
      issued: issuedInfo,
    };
  } else {
    issued = {
      key: 'issued',
      state: 'in-progress',
      message: 'cert-manager has not reported yet',
      issued: issuedInfo,
    };
  }

  // 6. In Vault
  let vault: CertificateLifecycle['vault'];
  const push = objects?.pushSecret;
  const pushReady = push ? conditionOf(push, 'Ready') : undefined;
  const issuedRequests = (objects?.certificateRequests ?? []).filter(
    cr => conditionOf(cr, 'Ready')?.status === 'True',
  );
  const lastIssuanceMs = Math.max(
    Date.parse(certStatus.notBefore ?? '') || 0,
    ...issuedRequests.map(created),
  );
  const v = input.vault;
  const vaultUpdatedMs = Date.parse(v?.updatedTime ?? '');
  const stale =
    !!v?.exists &&
    lastIssuanceMs > 0 &&
    Number.isFinite(vaultUpdatedMs) &&
    vaultUpdatedMs < lastIssuanceMs;
  const vaultInfo = cert
    ? {
        pushSecretReady: pushReady ? pushReady.status === 'True' : undefined,
        path: input.vaultPath,
        currentVersion: v?.currentVersion,
        updatedTime: v?.updatedTime,
        customMetadata: v?.customMetadata,
        stale: v?.exists ? stale : undefined,
        lastIssuance:
          lastIssuanceMs > 0
            ? new Date(lastIssuanceMs).toISOString()
            : undefined,
      }
    : undefined;
  if (!cert) {
    vault = {
      key: 'vault',
      state: noClusterMessage && merged ? 'unknown' : 'pending',
    };
  } else if (!push) {
    vault = {
      key: 'vault',
      state: issued.state === 'done' ? 'failed' : 'pending',
      message: `PushSecret ${input.certificateName} not found`,
      reason:
        issued.state === 'done'
          ? {
              source: `PushSecret ${input.team}/${input.certificateName}`,
              reason: 'NotFound',
              message: `PushSecret ${input.certificateName} not found in namespace ${input.team}`,
            }
          : undefined,
      vault: vaultInfo,
    };
  } else if (pushReady && pushReady.status === 'False') {
    vault = {
      key: 'vault',
      state: 'failed',
      time: pushReady.lastTransitionTime,
      message: `${pushReady.reason ?? ''}: ${pushReady.message ?? ''}`,
      reason: conditionReason('PushSecret', push, pushReady),
      vault: vaultInfo,
    };
  } else if (
    issued.state !== 'done' &&
    !(issued.state === 'failed' && lastIssuanceMs > 0)
  ) {
    vault = {
      key: 'vault',
      state: 'pending',
      message: 'Waiting for issuance',
      vault: vaultInfo,
    };
  } else if (!input.vaultConfigured) {
    vault = {
      key: 'vault',
      state: pushReady?.status === 'True' ? 'done' : 'in-progress',
      time: pushSecretStatus(push).refreshTime,
      message: pushReady
        ? `PushSecret ${pushReady.reason ?? ''}: ${
            pushReady.message ?? ''
          } (Vault not configured for status)`
        : 'PushSecret has not reported yet',
      vault: vaultInfo,
    };
  } else if (v?.error) {
    vault = {
      key: 'vault',
      state: 'unknown',
      message: v.error,
      vault: vaultInfo,
    };
  } else if (v && !v.exists) {
    vault = {
      key: 'vault',
      state: pushReady?.status === 'True' ? 'failed' : 'in-progress',
      message: `Vault key ${input.vaultPath} does not exist`,
      reason: {
        source: `Vault ${input.vaultPath}`,
        reason: 'NotFound',
        message: `Vault key ${input.vaultPath} does not exist`,
      },
      vault: vaultInfo,
    };
  } else if (stale) {
    const lag = now - lastIssuanceMs;
    const message = `Vault ${input.vaultPath} version ${
      v!.currentVersion
    } written ${v!.updatedTime} is older than the certificate issued ${new Date(
      lastIssuanceMs,
    ).toISOString()} (PushSecret lag)`;
    vault = {
      key: 'vault',
      state: lag > VAULT_LAG_GRACE_MS ? 'failed' : 'in-progress',
      time: v!.updatedTime,
      message,
      reason: {
        source: `Vault ${input.vaultPath} metadata updated_time`,
        reason: 'Stale',
        message,
      },
      vault: vaultInfo,
    };
  } else if (pushReady?.status === 'True') {
    vault = {
      key: 'vault',
      state: 'done',
      time: v?.updatedTime,
      message: `Vault version ${v?.currentVersion ?? '?'}`,
      vault: vaultInfo,
    };
  } else {
    vault = {
      key: 'vault',
      state: 'in-progress',
      message: 'PushSecret has not reported yet',
      vault: vaultInfo,
    };
  }

  // 7. Renewal
  let renewal: CertificateLifecycle['renewal'];
  const renewalInfo = cert
    ? {
        renewalTime: certStatus.renewalTime,
        failedIssuanceAttempts: certStatus.failedIssuanceAttempts,
        lastFailureTime: certStatus.lastFailureTime,
      }
    : undefined;
  const hasIssued = !!certStatus.revision || !!certStatus.notBefore;
  if (!cert || !hasIssued) {
    renewal = {
      key: 'renewal',
      state: !cert && noClusterMessage && merged ? 'unknown' : 'pending',
      renewal: renewalInfo,
    };
  } else if (
    (certStatus.failedIssuanceAttempts ?? 0) > 0 ||
    certStatus.lastFailureTime
  ) {
    const reason =
      issuing && issuing.status === 'False'
        ? conditionReason('Certificate', cert, issuing)
        : acme.reason;
    renewal = {
      key: 'renewal',
      state: 'failed',
      time: certStatus.lastFailureTime,
      message: `${
        certStatus.failedIssuanceAttempts ?? 1
      } failed issuance attempt(s); cert-manager retries with backoff`,
      reason,
      renewal: renewalInfo,
    };
  } else if (isIssuing) {
    renewal = {
      key: 'renewal',
      state: 'in-progress',
      time: issuing!.lastTransitionTime,
      message: `${issuing!.reason ?? ''}: ${issuing!.message ?? ''}`,
      renewal: renewalInfo,
    };
  } else if (issuerProblem) {
    renewal = {
      key: 'renewal',
      state: 'failed',
      time: certStatus.renewalTime,
      message: `Renewal will fail: issuer not ready: ${issuerProblem.message}`,
      reason: issuerProblem,
      renewal: renewalInfo,
    };
  } else {
    renewal = {
      key: 'renewal',
      state: 'pending',
      time: certStatus.renewalTime,
      message: certStatus.renewalTime
        ? `Renews at ${certStatus.renewalTime}`
        : undefined,
      renewal: renewalInfo,
    };
  }

  const steps: CertificateLifecycle = {
    requested,
    pullRequest,
    synced,
    acme,
    issued,
    vault,
    renewal,
  };
  const ordered = CERTIFICATE_STATUS_STEPS.map(k => steps[k]);
  const failed = ordered.find(s => s.state === 'failed');
  const state = overallState(ordered);
  return {
    team: input.team,
    certificateName: input.certificateName,
    names: request?.names ?? certificateSpec(cert).dnsNames ?? [],
    issuer: certificateSpec(cert).issuerRef?.name ?? request?.issuer,
    namespace: input.team,
    cluster: objects?.cluster,
    alsoOn: input.alsoOn?.length ? input.alsoOn : undefined,
    source: sourceOf(!!request, !!cert),
    steps,
    state,
    failure: failed
      ? { step: failed.key, reason: failed.reason, message: failed.message }
      : undefined,
  };
}

function sourceOf(
  hasRequest: boolean,
  onCluster: boolean,
): 'both' | 'request' | 'cluster' {
  if (hasRequest && onCluster) return 'both';
  return hasRequest ? 'request' : 'cluster';
}

/** Failed wins, then in progress; the renewal step alone never makes a certificate unknown or pending. */
function overallState(ordered: Array<{ state: StepState }>): StepState {
  if (ordered.some(s => s.state === 'failed')) return 'failed';
  if (ordered.some(s => s.state === 'in-progress')) return 'in-progress';
  const beforeRenewal = ordered.slice(0, 6);
  if (beforeRenewal.some(s => s.state === 'unknown')) return 'unknown';
  return beforeRenewal.every(s => s.state === 'done') ? 'done' : 'pending';
}

function issuerProblemOf(
  objects: { issuerName?: string; issuer?: StatusObject },
  issuerReady: Condition | undefined,
): StatusReason | undefined {
  if (!objects.issuerName) return undefined;
  const source = `ClusterIssuer ${objects.issuerName}`;
  if (!objects.issuer) {
    return {
      source,
      reason: 'NotFound',
      message: `Referenced "ClusterIssuer" not found: clusterissuer.cert-manager.io "${objects.issuerName}" not found`,
    };
  }
  if (issuerReady?.status === 'True') return undefined;
  return issuerReady
    ? conditionReason('ClusterIssuer', objects.issuer, issuerReady)
    : {
        source,
        reason: 'NoReadyCondition',
        message: 'Referenced issuer does not have a Ready status condition',
      };
}
