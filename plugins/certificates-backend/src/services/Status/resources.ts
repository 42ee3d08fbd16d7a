import { StatusObject } from '@internal/plugin-certificates-common';

/**
 * The parts of the cluster objects that the status reads, with the field
 * names and types of the CRDs: cert-manager v1 (Certificate,
 * CertificateRequest, ClusterIssuer, Order, Challenge), External Secrets
 * v1alpha1 PushSecret and Argo CD v1alpha1 Application.
 */

/** A value that can be read field by field: a JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : undefined;

/** The string entries of a JSON object (labels, Vault custom metadata); undefined when `v` is not one. */
export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isJsonObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** `status.conditions[]` of cert-manager objects and PushSecrets. */
export type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
};

/** ACME order and challenge states (`status.state`). */
export type AcmeState =
  | 'valid'
  | 'ready'
  | 'pending'
  | 'processing'
  | 'invalid'
  | 'expired'
  | 'errored';

export type IssuerRef = { name?: string; kind?: string; group?: string };

export type CertificateSpec = { dnsNames?: string[]; issuerRef?: IssuerRef };

export type CertificateStatus = {
  conditions?: Condition[];
  notBefore?: string;
  notAfter?: string;
  renewalTime?: string;
  revision?: number;
  failedIssuanceAttempts?: number;
  lastFailureTime?: string;
};

/** CertificateRequest and ClusterIssuer: only their conditions are read. */
export type ConditionsStatus = { conditions?: Condition[] };

export type OrderAuthorization = {
  url?: string;
  identifier?: string;
  wildcard?: boolean;
  initialState?: AcmeState;
};

export type OrderStatus = {
  state?: AcmeState;
  reason?: string;
  failureTime?: string;
  authorizations?: OrderAuthorization[];
};

export type ChallengeSpec = {
  type?: 'HTTP-01' | 'DNS-01';
  dnsName?: string;
  wildcard?: boolean;
};

export type ChallengeStatus = {
  state?: AcmeState;
  reason?: string;
  presented?: boolean;
  processing?: boolean;
};

export type PushSecretStatus = {
  conditions?: Condition[];
  refreshTime?: string;
  /** Store name, then remote key, to what was pushed. */
  syncedPushSecrets?: Record<string, Record<string, unknown>>;
};

/** One entry of an Application's `status.resources`. */
export type ApplicationResourceStatus = {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** Sync status of the resource: `Synced`, `OutOfSync`, `Unknown`. */
  status?: string;
  health?: { status?: string; message?: string; lastTransitionTime?: string };
};

export type ApplicationOperationState = {
  phase?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
};

export type ApplicationStatus = {
  sync?: { status?: string; revision?: string };
  health?: { status?: string; message?: string; lastTransitionTime?: string };
  operationState?: ApplicationOperationState;
  conditions?: Array<{
    type?: string;
    message?: string;
    lastTransitionTime?: string;
  }>;
  reconciledAt?: string;
  resources?: ApplicationResourceStatus[];
};

/*
 * Typed views of a StatusObject's spec and status. StatusObject keeps them as
 * `Record<string, unknown>` because it serves every kind; the objects come
 * from the API server, which validates custom resources (status included)
 * against the CRD's structural schema, so they have the CRD's field types.
 * A missing spec or status reads as an empty one.
 */
const specOf = <T extends object>(o: StatusObject | undefined): T =>
  (o?.spec ?? {}) as T;
const statusOf = <T extends object>(o: StatusObject | undefined): T =>
  (o?.status ?? {}) as T;

export const certificateSpec = specOf<CertificateSpec>;
export const certificateStatus = statusOf<CertificateStatus>;
export const conditionsStatus = statusOf<ConditionsStatus>;
export const orderStatus = statusOf<OrderStatus>;
export const challengeSpec = specOf<ChallengeSpec>;
export const challengeStatus = statusOf<ChallengeStatus>;
export const pushSecretStatus = statusOf<PushSecretStatus>;
export const applicationStatus = statusOf<ApplicationStatus>;
