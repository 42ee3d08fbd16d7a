export { createStatusService } from './StatusService';
export type {
  StatusService,
  StatusServiceOptions,
  TeamSnapshot,
} from './StatusService';
export { readStatusConfig, vaultKey } from './config';
export type {
  StatusConfig,
  StatusClusterConfig,
  StatusVaultConfig,
} from './config';
export { GlobalFetchHttpLibrary } from './kubernetes';
export { buildLifecycle } from './lifecycle';
export { createUpstreamClients } from './upstreamClients';
export {
  createStatusRefresher,
  readRefreshConfig,
  teamSnapshotKey,
} from './refresher';
export type { RefreshConfig, RefreshStats, StatusRefresher } from './refresher';
