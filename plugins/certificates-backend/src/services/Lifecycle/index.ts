export { createLifecycleService } from './createLifecycleService';
export type {
  LifecycleResult,
  LifecycleService,
} from './createLifecycleService';
export { createRenewalService, renewAvailability } from './renewal';
export type { RenewalService, RenewOutcome } from './renewal';
