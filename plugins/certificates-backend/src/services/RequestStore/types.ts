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
    /** Only the requests a permission decision lets through. */
    allowed?: RequestListCriteria;
  }): Promise<StoredCertificateRequest[]>;
  events(id: string): Promise<RequestEvent[]>;
  /** Records a state change (and optional pull request / error) with its actor. */
  transition(
    id: string,
    change: {
      state: RequestState;
      actor: string;
      message?: string;
      pullRequest?: PullRequestRef;
      error?: string | null;
    },
  ): Promise<StoredCertificateRequest>;
  getProgress(id: string): Promise<PublishProgress>;
  saveProgress(id: string, progress: PublishProgress): Promise<void>;
}

/** A committed state change of a request, for listeners such as the notifier. */
export type RequestTransition = {
  id: string;
  team: string;
  from: string;
  to: string;
};

/** Called after a state change is committed; must not throw or wait. */
export type OnTransition = (change: RequestTransition) => void;
