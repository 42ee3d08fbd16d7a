/**
 * How batched publishing spends calls. GitHub's secondary rate limits count
 * each mutation of a document (5 points of 2,000 per minute, and at most
 * 80 content-creating requests per minute), so a document carries a modest
 * number of them, and the throttling plugin spaces the documents like any
 * write (one per second).
 */
export type BatchTuning = {
  /** Mutations per GraphQL document (default 10). */
  mutationsPerCall?: number;
  /** Base64 bytes of file contents per document (default 4 MB). */
  bytesPerCall?: number;
  /** Read-plan-write rounds before the jobs left are reported for the resume task (default 3). */
  maxRounds?: number;
};
