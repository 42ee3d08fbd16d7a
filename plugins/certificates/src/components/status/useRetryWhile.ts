import { useEffect } from 'react';

/**
 * Asks again `ms` after each answer while `pending` holds (a backend still
 * refreshing or publishing), so the page follows it without a reload.
 * `answer` is the latest answer: each new one arms the next retry.
 */
export function useRetryWhile(
  pending: boolean,
  retry: () => void,
  ms: number,
  answer: unknown,
): void {
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(retry, ms);
    return () => clearTimeout(timer);
  }, [pending, retry, ms, answer]);
}
