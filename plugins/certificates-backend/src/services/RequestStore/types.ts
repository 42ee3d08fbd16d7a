import {
  PullRequestRef,
  RequestEvent,
  RequestState,
  ResolvedCertificateRequest,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { RequestListCriteria } from './listCriteria';

/** What the publisher has done so far for a request, so a crash resumes instead of repeating. */
export type PublishProgress = {
  branch?: string;
  commitSha?: string;
  pullRequest?: PullRequestRef;
};

/** A guarded state change, with what a writer records besides the state. */
export type StateChange = {
  /** The states the writer expects the request in; in any other, nothing changes. */
  from: RequestState[];
  to: RequestState;
  actor: string;
  message?: string;
  pullRequest?: PullRequestRef;
  error?: string | null;
  failedStep?: string | null;
  attempts?: number;
  nextAttemptAt?: Date | null;
  /** The request content the pull request now carries, and what changed since the previous one. */
  published?: { json: string; changeNote: string | null };
  /** A cancelled request whose pull request (or share of one) is still to be cleaned up. */
  cleanupPending?: boolean;
};

/** A committed state change, as listeners are told of it. */
export type RequestTransition = {
  id: string;
  team: string;
  from: string;
  to: string;
};

/** Called once after every committed state change (notifications listen here); must not throw or wait. */
export type OnTransition = (change: RequestTransition) => void;

export type CreateRequestInput = {
  resolved: ResolvedCertificateRequest;
  actor: string;
  idempotencyKey?: string;
  /** The bulk batch the request is part of; its pull request is the team's batch pull request. */
  batchId?: string;
};

export type CreateRequestResult = {
  record: StoredCertificateRequest;
  /** False when an identical open request (or the same idempotency key) was found. */
  created: boolean;
  /** True when an open request for the same certificate was changed in place. */
  updated: boolean;
};

export interface RequestStore {
  /**
   * Stores a request, or returns the identical open one. Throws
   * ConflictError when another team holds one of the names.
   */
  createOrGet(input: CreateRequestInput): Promise<CreateRequestResult>;
  get(id: string): Promise<StoredCertificateRequest | undefined>;
  getResolved(id: string): Promise<ResolvedCertificateRequest | undefined>;
  list(filter: {
    team?: string;
    states?: RequestState[];
    /** Only the requests a pull request carries (its number on the GitOps target). */
    pullRequestNumber?: number;
    /** Only the requests a permission decision lets through. */
    allowed?: RequestListCriteria;
  }): Promise<StoredCertificateRequest[]>;
  events(id: string): Promise<RequestEvent[]>;
  /**
   * The one way a request changes state: applied only while the request is
   * in one of `change.from` (else nothing is written and `changed` is
   * false), with its history entry, in one transaction.
   */
  transition(
    id: string,
    change: StateChange,
  ): Promise<{ record: StoredCertificateRequest; changed: boolean }>;
  getProgress(id: string): Promise<PublishProgress>;
  saveProgress(id: string, progress: PublishProgress): Promise<void>;
}
