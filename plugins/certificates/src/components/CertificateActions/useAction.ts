import { useState } from 'react';
import { errorMessage } from '../../api';

export type Outcome = {
  severity: 'success' | 'info' | 'error';
  text: string;
  /** The pull request the action opened, shown as a link after the text. */
  pullRequest?: { url: string; number: number };
};

/** Runs one action at a time and keeps its outcome for the user. */
export function useAction(onDone?: () => void) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  async function run(action: () => Promise<Outcome>) {
    setBusy(true);
    try {
      setOutcome(await action());
      onDone?.();
    } catch (error) {
      setOutcome({ severity: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, outcome, run };
}
