import { RequestProblem } from '../request/certificateRequest';
import { RequestState } from '../types';

/** Most rows one bulk request may carry. */
export const MAX_BULK_ROWS = 1000;

/** Where the pull request of one team of a batch is. */
export type BatchTeamState = 'queued' | 'opened' | 'failed';

/** What became of one row of a bulk request. */
export type BulkRowResult = {
  /** Index of the row in `rows` (0-based, as in the error messages). */
  row: number;
  /**
   * `created`: a new request of this batch; `updated`: an open request of
   * the same certificate, changed and now carried by this batch;
   * `existing`: an identical request already existed and keeps its own pull
   * request; `rejected`: left out (`?partial=true`), see `problems`.
   */
  outcome: 'created' | 'updated' | 'existing' | 'rejected';
  team?: string;
  requestId?: string;
  certificateName?: string;
  problems?: RequestProblem[];
};

/** One team's share of a batch: one pull request for all its certificates. */
export type CertificateBatchTeam = {
  team: string;
  state: BatchTeamState;
  branch: string;
  pullRequest?: { url: string; number: number };
  /** Last publishing error: why it failed, or why it is being retried. */
  error?: string;
  certificates: Array<{
    requestId: string;
    certificateName: string;
    names: string[];
    state: RequestState;
  }>;
};

/** A bulk request and its progress, from `POST /requests/bulk` and `GET /requests/bulk/:id`. */
export type CertificateBatch = {
  id: string;
  /** `publishing` while a team's pull request is still queued. */
  state: 'publishing' | 'done';
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  progress: { queued: number; opened: number; failed: number };
  teams: CertificateBatchTeam[];
  rows: BulkRowResult[];
};

/** What a bulk request would do, from `POST /requests/bulk?dryRun=true`: nothing is stored. */
export type BulkPreview = {
  /** Every row: `created` when valid (nothing stored yet), `rejected` with its problems. */
  rows: BulkRowResult[];
  /** One entry per team with a valid row: the pull request it would get. */
  teams: Array<{
    team: string;
    certificates: Array<{
      row: number;
      certificateName: string;
      names: string[];
    }>;
    /** Paths of the files the team's pull request would hold. */
    files: string[];
  }>;
};
