export { createLifecycleRouter } from './router';
export type { LifecycleRouterOptions } from './router';
