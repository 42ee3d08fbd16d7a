export { createPlatformApiCheck } from './createPlatformApiCheck';
export type { PlatformApiCheck } from './createPlatformApiCheck';
