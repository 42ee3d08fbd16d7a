import { RequestState } from '@internal/plugin-certificates-common';

/** States in which a request holds its names and its certificate's open key, and may still change. */
export const OPEN_STATES: RequestState[] = ['pending', 'pr-open', 'failed'];

/** States that give the request's names back to the team's pool. */
export const RELEASING_STATES: RequestState[] = [
  'closed',
  'cancelled',
  'decommissioned',
];
