export {
  CancelRequestButton,
  CancelRequestDialog,
} from './CancelRequestDialog';
export type { CancelTarget } from './CancelRequestDialog';
