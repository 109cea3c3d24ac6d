/**
 * Asks before an action throws away a lab's run (Reset, a preset or a setting that restarts the
 * run, loading a run file, Restart). Each lab page installs its question (a confirm dialog with
 * its own strings); with none installed (tests, stories) the action goes on.
 */
export type LabName = 'balanceLab' | 'grpo';

/** true: go on and discard the run of `steps` steps; false: keep it. */
export type DiscardQuestion = (steps: number) => boolean;

const questions: Partial<Record<LabName, DiscardQuestion>> = {};

/** Installs (or with null removes) the question a lab asks before its run is thrown away. */
export function setDiscardQuestion(lab: LabName, ask: DiscardQuestion | null): void {
  if (ask) questions[lab] = ask;
  else delete questions[lab];
}

/** May an action throw away the lab's run of `steps` steps? A run with no step is never asked about. */
export function mayDiscard(lab: LabName, steps: number): boolean {
  const ask = questions[lab];
  return steps <= 0 || !ask || ask(steps);
}
