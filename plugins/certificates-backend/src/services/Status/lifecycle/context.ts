import {
  CertificateLifecycle,
  StatusObject,
  StatusReason,
  StepState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { CertificateStatus, certificateStatus, Condition } from '../resources';
import { VaultKeyMetadata } from '../vault';
import { conditionOf, issuerProblemOf } from './conditions';
import { CertificateObjects } from './objects';

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

/** What several steps read, worked out once so each step file only decides its own state. */
export type LifecycleContext = {
  input: LifecycleInput;
  objects?: CertificateObjects;
  /** The Certificate on the cluster; absent while it is not (yet) there. */
  cert?: StatusObject;
  certStatus: CertificateStatus;
  ready?: Condition;
  issuing?: Condition;
  isIssuing: boolean;
  issuerReady?: Condition;
  issuerProblem?: StatusReason;
  /** The pull request is merged, so the Certificate is expected on a cluster. */
  merged: boolean;
  /** Why no cluster could tell about the certificate, when none could. */
  noClusterMessage?: string;
  /** State of a cluster step while the Certificate is not on a cluster. */
  offClusterState: StepState;
};

export function lifecycleContext(input: LifecycleInput): LifecycleContext {
  const { request, objects } = input;
  const cert = objects?.certificate;
  const issuing = cert ? conditionOf(cert, 'Issuing') : undefined;
  const issuerReady = objects?.issuer
    ? conditionOf(objects.issuer, 'Ready')
    : undefined;
  let noClusterMessage: string | undefined;
  if (!input.clustersConfigured)
    noClusterMessage = 'No clusters configured for status';
  else if (input.unreachable.length)
    noClusterMessage = `Cluster state unavailable: ${input.unreachable.join(
      '; ',
    )}`;
  const merged =
    request?.pullRequest?.state === 'merged' || request?.state === 'merged';
  return {
    input,
    objects,
    cert,
    certStatus: certificateStatus(cert),
    ready: cert ? conditionOf(cert, 'Ready') : undefined,
    issuing,
    isIssuing: issuing?.status === 'True',
    issuerReady,
    issuerProblem:
      objects && input.issuersKnown
        ? issuerProblemOf(objects, issuerReady)
        : undefined,
    merged,
    noClusterMessage,
    offClusterState: noClusterMessage && merged ? 'unknown' : 'pending',
  };
}

type StepKey = keyof CertificateLifecycle;

/** One step: its key and state first, then whatever else it reports. */
export function step<K extends StepKey>(
  key: K,
  state: StepState,
  fields?: Omit<CertificateLifecycle[K], 'key' | 'state'>,
): CertificateLifecycle[K] {
  return { key, state, ...fields } as CertificateLifecycle[K];
}
