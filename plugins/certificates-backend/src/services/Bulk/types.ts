import {
  BatchTeamState,
  BulkRowResult,
  CertificateBatch,
  PullRequestRef,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { PublishProgress } from '../RequestStore';

/** A valid row of a bulk request, with its index in `rows`. */
export type ValidBulkRow = {
  row: number;
  resolved: ResolvedCertificateRequest;
};

/** What one team's pull request of a batch needs to be (re)published. */
export type QueuedBatchTeam = {
  team: string;
  branch: string;
  progress: PublishProgress;
  requestIds: string[];
};

/** A team's pull request of a batch, and which of its requests it still carries. */
export type BatchTeamShare = Omit<QueuedBatchTeam, 'team' | 'requestIds'> & {
  state: BatchTeamState;
  /** The team's pull request, once opened. */
  pullRequest?: { url: string; number: number };
  /** Who asked for the batch: the pull request description names them. */
  createdBy: string;
  /** Requests still open (pending, pr-open, failed), by certificate name. */
  open: string[];
  /** Requests cancelled out of it. */
  cancelled: string[];
};

/** How a publishing attempt for a team ended. */
export type BatchTeamOutcome =
  | { state: Extract<BatchTeamState, 'opened'>; pullRequest: PullRequestRef }
  | { state: Exclude<BatchTeamState, 'opened'>; error: string };

export interface BulkStore {
  /**
   * Stores a batch and all its requests in one transaction, or returns the
   * batch already stored under the same `Idempotency-Key` or with identical
   * content that is still being published. Throws ConflictError when
   * another team holds a name meanwhile (nothing is stored then).
   */
  create(input: {
    actor: string;
    idempotencyKey?: string;
    rows: ValidBulkRow[];
    rejected: BulkRowResult[];
  }): Promise<{ batch: CertificateBatch; created: boolean }>;
  get(id: string): Promise<CertificateBatch | undefined>;
  /** Names already held, and by which team. */
  holders(names: string[]): Promise<Array<{ name: string; team: string }>>;
  /** One team's share of a batch, or undefined when the batch has no such team. */
  teamShare(id: string, team: string): Promise<BatchTeamShare | undefined>;
  /** Teams of the batch whose pull request is not open yet. */
  queuedTeams(id: string): Promise<QueuedBatchTeam[]>;
  saveTeamProgress(
    id: string,
    team: string,
    progress: PublishProgress,
  ): Promise<void>;
  /** Records how a team's attempt ended; the batch is done once no team is queued. */
  finishTeam(
    id: string,
    team: string,
    outcome: BatchTeamOutcome,
  ): Promise<void>;
  /** Takes the batch's publishing lease; false while another worker holds it. */
  claim(id: string, leaseMs: number): Promise<boolean>;
  release(id: string): Promise<void>;
  /** Batches with a queued team, oldest first. */
  unfinished(): Promise<string[]>;
}
