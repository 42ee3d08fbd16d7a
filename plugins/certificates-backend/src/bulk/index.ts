export { createBulkRouter } from './router';
export type { BulkRouterOptions } from './router';
