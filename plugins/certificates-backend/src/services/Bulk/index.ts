export type { BulkStore, ValidBulkRow, QueuedBatchTeam } from './types';
export {
  createBulkStore,
  KnexBulkStore,
  batchContentHash,
} from './createBulkStore';
export type { BulkPublisher } from './createBulkPublisher';
export { createBulkPublisher } from './createBulkPublisher';
export { validateBulkRows, rowProblems } from './validateBulk';
export { batchChangeSet } from './batchChange';
export * from './bulkPullRequestText';
export { bulkPreview } from './bulkPreview';
