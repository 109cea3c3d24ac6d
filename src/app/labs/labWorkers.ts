/**
 * The labs' workers live as long as the app, not as long as their page: each starts on the first
 * visit to its lab, and a later visit finds it (and its run) where it was, so a run goes on while
 * another page is shown. Only an action the user confirms throws a run away (src/state/discardGuard.ts).
 */
import type { LabName } from '../../state/discardGuard';

const started = new Set<LabName>();

/** Runs `start` on the first call for `lab` only; true when it ran now. */
export function startLabOnce(lab: LabName, start: () => void): boolean {
  if (started.has(lab)) return false;
  started.add(lab);
  start();
  return true;
}

/** Whether `lab`'s worker has been started. */
export const labStarted = (lab: LabName): boolean => started.has(lab);
