export { audited } from './audited';
export { jsonBody } from './jsonBody';
export { flag, idempotencyKey, pathParam, queryParam } from './params';
export { readableOr404 } from './readable';
