import { RequestTransition } from '../RequestStore';

/**
 * Connects what changes (the stores, built first) to what reacts (the
 * notifier, built later from them): listeners subscribe once they exist.
 */
export function createChangeFeed() {
  const listeners: Array<() => void> = [];
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    /** For the stores' `onTransition`. */
    onTransition: (_change: RequestTransition) => emit(),
    /** For the status refresher: a team's snapshot changed. */
    onStatusChange: (_team: string) => emit(),
    subscribe(listener: () => void) {
      listeners.push(listener);
    },
  };
}
