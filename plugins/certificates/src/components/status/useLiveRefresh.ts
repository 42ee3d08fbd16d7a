import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/** How often to reload when the app has no signals (no live updates). */
export const POLL_INTERVAL_MS = 30_000;

/** The signal channel the certificates backend publishes a team's changes on. */
export function teamChannel(team: string): string {
  return `certificates:${team}`;
}

/**
 * Reloads when the backend signals a change of the team's requests or
 * certificates; polls instead when the app has no signals API.
 */
export function useLiveRefresh(
  team: string | undefined,
  refresh: () => void,
  pollMs: number = POLL_INTERVAL_MS,
): { live: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal(
    team ? teamChannel(team) : 'certificates:',
  );
  // The latest callback, so a new function each render does not restart the effects.
  const latest = useRef(refresh);
  latest.current = refresh;

  useEffect(() => {
    if (lastSignal) latest.current();
  }, [lastSignal]);

  useEffect(() => {
    if (isSignalsAvailable || !team) return undefined;
    const timer = setInterval(() => latest.current(), pollMs);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, team, pollMs]);

  return { live: isSignalsAvailable };
}
