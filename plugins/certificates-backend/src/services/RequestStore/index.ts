export type {
  RequestStore,
  PublishProgress,
  CreateRequestInput,
  CreateRequestResult,
} from './types';
export {
  createRequestStore,
  KnexRequestStore,
  requestContentHash,
} from './createRequestStore';
