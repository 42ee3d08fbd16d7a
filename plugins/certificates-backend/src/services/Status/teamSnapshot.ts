import { StatusObject } from '@internal/plugin-certificates-common';
import { TeamClusterSnapshot } from './kubernetes';
import { VaultKeyMetadata } from './vault';

/** What one load reads upstream for a team; cached as a whole for the TTL. */
export type TeamSnapshot = {
  observedAt: string;
  clusters: TeamClusterSnapshot[];
  /** ClusterIssuers per cluster; null when they could not be listed. */
  issuers: Record<string, StatusObject[] | null>;
  issuerErrors: Record<string, string>;
  /** Vault metadata per certificate name. */
  vault: Record<string, VaultKeyMetadata>;
  vaultError?: string;
  /** Background mode, cold start: nothing read yet, the refresher is on its way. */
  refreshing?: boolean;
  /** Background mode: which Secret revision each certificate's Vault metadata was read for, and when. */
  vaultReads?: Record<string, { revision: string; at: string }>;
};
