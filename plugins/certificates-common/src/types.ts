import { KeyAlgorithm } from './request/fields';

/** One file of a change set, path relative to the GitOps repository root. */
export type RenderedFile = { path: string; content: string };

/** Where a stored request is in its life. */
export type RequestState =
  | 'pending' // stored, pull request not opened yet
  | 'pr-open'
  | 'merged'
  | 'closed' // pull request closed unmerged
  | 'failed' // publishing failed with a configuration error, or gave up after the retry cap
  | 'cancelled' // withdrawn by the team: its pull request closed and its branch deleted
  | 'decommissioned'; // a merged request whose certificate a later decommission removed

/** What a request does to its certificate: bring it (or a change of it) in, or take it out. */
export type RequestOperation = 'create' | 'decommission';

export type PullRequestRef = {
  url: string;
  number: number;
  branch: string;
  state: 'open' | 'merged' | 'closed';
};

/** A stored certificate request, as the API returns it. */
export type StoredCertificateRequest = {
  id: string;
  state: RequestState;
  team: string;
  certificateName: string;
  names: string[];
  issuer: string;
  keyAlgorithm: KeyAlgorithm;
  justification?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  pullRequest?: PullRequestRef;
  /** The last publishing error, when state is `failed` or a retry is pending. */
  error?: string;
  /** The bulk batch whose (per-team) pull request carries this request. */
  batchId?: string;
  /** `decommission` for a request that removes the certificate; `create` otherwise. */
  operation?: RequestOperation;
  /** The publishing step that failed last (`branch`, `commit`, `pull request` ...). */
  failedStep?: string;
  /** Publishing attempts since the last success or retry. */
  attempts?: number;
  /** When the resume task tries again after a transient failure (ISO 8601). */
  nextAttemptAt?: string;
};

/** One recorded state change of a request. */
export type RequestEvent = {
  at: string;
  actor: string;
  state: RequestState;
  message?: string;
};

/** What the signed-in user may request, from `GET /options`. */
export type CertificateOptions = {
  teams: Array<{
    name: string;
    group: string;
    domains: Array<{
      domain: string;
      allowIdn: boolean;
      grants: Array<{
        base: string;
        kind: 'subtree' | 'apex';
        wildcard: boolean;
      }>;
    }>;
  }>;
  issuers: Array<{ name: string; description: string; staging: boolean }>;
  keyAlgorithms: KeyAlgorithm[];
  gitopsTarget: 'github' | 'local';
};

/** One cluster's API discovery against what the platform needs. */
export type ClusterApiState = {
  cluster: string;
  /** Required `group/version`s the cluster does not serve, each with what fails without it. */
  missing: string[];
  /** Why the discovery could not be read. */
  error?: string;
};

/** The platform bundle in the GitOps repository against the configuration (`GET /platform/status`). */
export type PlatformBundleState = {
  upToDate: boolean;
  missing: string[];
  outdated: string[];
  /** Per configured status cluster: API versions the platform needs but the cluster does not serve. */
  clusters?: ClusterApiState[];
};
