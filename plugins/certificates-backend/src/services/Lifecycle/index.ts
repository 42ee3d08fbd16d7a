export { createLifecycleService } from './createLifecycleService';
export type {
  LifecycleResult,
  LifecycleService,
} from './createLifecycleService';
export { createRenewalService } from './renewal';
export type { RenewalService, RenewOutcome } from './renewal';
