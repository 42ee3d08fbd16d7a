export { ExpiryChip } from './ExpiryChip';
