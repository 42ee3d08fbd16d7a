export type {
  PlatformBundleState,
  PublishService,
} from './createPublishService';
export { createPublishService } from './createPublishService';
export * from './pullRequestText';
export {
  DEFAULT_RETRY_POLICY,
  readRetryPolicy,
  backoffDelayMs,
} from './retryPolicy';
export type { RetryPolicy } from './retryPolicy';
