export { AsyncRetryContent } from './AsyncRetryContent';
