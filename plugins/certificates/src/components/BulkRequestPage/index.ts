export { BulkRequestPage } from './BulkRequestPage';
