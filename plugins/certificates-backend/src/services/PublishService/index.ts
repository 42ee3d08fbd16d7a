export type {
  PlatformBundleState,
  PublishService,
} from './createPublishService';
export { createPublishService } from './createPublishService';
export * from './pullRequestText';
