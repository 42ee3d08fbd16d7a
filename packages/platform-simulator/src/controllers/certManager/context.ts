import { LocalCa } from '../../ca';
import { Faults } from '../../faults';
import { EventRecorder } from '../../kube/events';
import { KubeObject, ObjectStore } from '../../kube/store';

/** One issuance in flight: the CertificateRequest cert-manager created and its key. */
export type Issuance = {
  revision: number;
  requestName: string;
  orderName?: string;
  startedAt: number;
  keys: CryptoKeyPair;
  csrPem: string;
};

/** How long the simulated ACME steps take, in simulated milliseconds. */
export type AcmeTimings = {
  /** The DNS-01 record is presented this long after the order is created. */
  presentAfterMs: number;
  /** The challenge passes (the record propagated) this long after the order. */
  validAfterMs: number;
};

export const DEFAULT_TIMINGS: AcmeTimings = {
  presentAfterMs: 1_000,
  validAfterMs: 4_000,
};

export type CertManagerContext = {
  store: ObjectStore;
  events: EventRecorder;
  faults: Faults;
  ca: LocalCa;
  timings: AcmeTimings;
  /** The DNS provider's error for a stuck challenge of `dnsName`. */
  providerError(dnsName: string): string;
  /** Counts an ACME call, for certmanager_http_acme_client_request_count. */
  acmeCall(server: string, path: string, method: string, status: number): void;
};

export const certificateNames = (cert: KubeObject) => [
  `${cert.metadata.namespace}/${cert.metadata.name}`,
  cert.metadata.name,
  cert.metadata.namespace,
];

/** The labels cert-manager copies from a Certificate to its requests and orders. */
export const copiedLabels = (cert: KubeObject) => cert.metadata.labels;
