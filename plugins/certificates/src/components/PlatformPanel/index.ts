export { PlatformPanel } from './PlatformPanel';
