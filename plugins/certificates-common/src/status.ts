/**
 * Status of certificates: the lifecycle steps shown per certificate,
 * combined from the stored request, its pull request and what the clusters
 * (cert-manager, External Secrets, Argo CD) and Vault report.
 */

/** The lifecycle steps, in order. */
export const CERTIFICATE_STATUS_STEPS = [
  'requested',
  'pullRequest',
  'synced',
  'acme',
  'issued',
  'vault',
  'renewal',
] as const;
export type CertificateStatusStepKey =
  (typeof CERTIFICATE_STATUS_STEPS)[number];

export type StepState =
  | 'done'
  | 'in-progress'
  | 'failed'
  | 'unknown'
  | 'pending';

/** Where a failure (or wait) reason comes from, with the raw strings as upstream reports them. */
export type StatusReason = {
  /** The object and field, e.g. `Challenge team-a/api-1-123-456 status.reason`. */
  source: string;
  /** Machine reason, e.g. the condition reason `Failed` or the order state `errored`. */
  reason?: string;
  /** Exact message as `cmctl status certificate` shows it. */
  message: string;
};

export type StatusStep = {
  key: CertificateStatusStepKey;
  state: StepState;
  /** When the step reached its state (ISO 8601), when known. */
  time?: string;
  /** One line for people. */
  message?: string;
  /** Set on failed (and waiting) steps: the exact upstream reason. */
  reason?: StatusReason;
};

export type PullRequestStepInfo = {
  number: number;
  url: string;
  state: 'open' | 'merged' | 'closed';
};
export type SyncStepInfo = {
  application: string;
  cluster: string;
  syncStatus?: string;
  healthStatus?: string;
  revision?: string;
  operationPhase?: string;
};
export type ChallengeInfo = {
  name: string;
  type?: string;
  dnsName?: string;
  wildcard?: boolean;
  state?: string;
  reason?: string;
  presented?: boolean;
  processing?: boolean;
};
export type AcmeStepInfo = {
  issuer?: string;
  issuerReady?: boolean;
  order?: string;
  orderState?: string;
  orderReason?: string;
  challenges: ChallengeInfo[];
};
export type IssuedStepInfo = {
  ready?: boolean;
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  revision?: number;
};
export type VaultStepInfo = {
  pushSecretReady?: boolean;
  /** `<mount>/<key>`, e.g. `kv/certs/team-a/api-example-com`. */
  path?: string;
  currentVersion?: number;
  updatedTime?: string;
  customMetadata?: Record<string, string>;
  /** Vault's copy is older than the certificate's last issuance. */
  stale?: boolean;
  lastIssuance?: string;
};
export type RenewalStepInfo = {
  renewalTime?: string;
  failedIssuanceAttempts?: number;
  lastFailureTime?: string;
};

/** The lifecycle of one certificate, one entry per step in {@link CERTIFICATE_STATUS_STEPS} order. */
export type CertificateLifecycle = {
  requested: StatusStep & {
    requestId?: string;
    requestState?: string;
    by?: string;
  };
  pullRequest: StatusStep & { pullRequest?: PullRequestStepInfo };
  synced: StatusStep & { sync?: SyncStepInfo };
  acme: StatusStep & { acme?: AcmeStepInfo };
  issued: StatusStep & { issued?: IssuedStepInfo };
  vault: StatusStep & { vault?: VaultStepInfo };
  renewal: StatusStep & { renewal?: RenewalStepInfo };
};

export type CertificateStatusSummary = {
  team: string;
  certificateName: string;
  names: string[];
  /** ClusterIssuer: from the Certificate on the cluster, else from the stored request. */
  issuer?: string;
  namespace: string;
  /** Cluster the Certificate was found on (the first configured one when on several). */
  cluster?: string;
  /** The configured title of `cluster` (`certificates.status.clusters[].title`). */
  clusterTitle?: string;
  /** Other clusters holding a Certificate of the same name. */
  alsoOn?: string[];
  /** `request`: only stored, `cluster`: only on a cluster, `both`. */
  source: 'request' | 'cluster' | 'both';
  /**
   * Set once a decommission is requested: `decommissioning` until its pull
   * request is merged and the objects are gone from every cluster read.
   */
  decommission?: 'decommissioning' | 'decommissioned';
  steps: CertificateLifecycle;
  /** Overall state: the first failed step, else the first in-progress one, else done. */
  state: StepState;
  /** The first failing step and its exact reason. */
  failure?: {
    step: CertificateStatusStepKey;
    reason?: StatusReason;
    message?: string;
  };
};

/** Per-cluster outcome of the last read: a failing cluster never hides the others. */
export type ClusterReadStatus = {
  name: string;
  ok: boolean;
  /** Set when the cluster could not be read at all (its certificates show as unknown). */
  error?: string;
  /** Partial failures, e.g. one kind could not be listed. */
  warnings?: string[];
};

export type TeamCertificatesStatus = {
  team: string;
  /** When the cluster/Vault snapshot was read (ISO 8601). */
  observedAt: string;
  clusters: ClusterReadStatus[];
  vault?: { configured: boolean; error?: string };
  /**
   * No snapshot yet (the background refresher has not run since start-up):
   * `items` holds the stored requests only; ask again shortly.
   */
  refreshing?: boolean;
  items: CertificateStatusSummary[];
};

/** Objects shown on drill-down, trimmed of managed fields and secret material. */
export type StatusObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      kind: string;
      name: string;
      uid: string;
      apiVersion?: string;
      controller?: boolean;
    }>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};

export type StatusEvent = {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  involvedObject: { kind?: string; name?: string; uid?: string };
};

/** Whether "Renew now" can act on a certificate; when not, why, in plain words. */
export type RenewAvailability = { allowed: boolean; reason?: string };

export type CertificateStatusDetails = CertificateStatusSummary & {
  observedAt: string;
  /** Whether this backend may renew the certificate now (`POST .../renew`). */
  renew?: RenewAvailability;
  clusters: ClusterReadStatus[];
  details: {
    certificate?: StatusObject;
    certificateRequests: StatusObject[];
    order?: StatusObject;
    challenges: StatusObject[];
    pushSecret?: StatusObject;
    issuer?: StatusObject;
    application?: StatusObject;
    events: StatusEvent[];
  };
};
