export { createLifecycleService } from './createLifecycleService';
export type { LifecycleResult, LifecycleService } from './types';
export { createRenewalService, renewAvailability } from './renewal';
export type { RenewalService, RenewOutcome } from './renewal';
