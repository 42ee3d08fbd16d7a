export type {
  RequestStore,
  PublishProgress,
  CreateRequestInput,
  CreateRequestResult,
  OnTransition,
  RequestTransition,
  StateChange,
} from './types';
export {
  createRequestStore,
  KnexRequestStore,
  requestContentHash,
} from './createRequestStore';
export type { RequestListCondition, RequestListCriteria } from './listCriteria';
