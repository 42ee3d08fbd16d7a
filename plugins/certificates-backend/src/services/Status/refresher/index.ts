export {
  createStatusRefresher,
  teamSnapshotKey,
} from './createStatusRefresher';
export type { RefreshStats, StatusRefresher } from './createStatusRefresher';
export { readRefreshConfig } from './refreshConfig';
export type { RefreshConfig } from './refreshConfig';
