/**
 * The learning-rate schedule: linear warm-up from 0 to the peak, then a decay to a floor.
 *
 * Two decays are offered. `cosine` (the default) follows half a cosine from the peak at the end
 * of warm-up to `minLr` at the last step; a short run on a tiny model gains more from the smooth
 * curve than from long flat stretches. `step` is DeepSeek-V2's recipe (docs/model.md#training-recipe): the peak,
 * multiplied by 0.316 once 60% of the steps are done and again at 90%, never below `minLr`.
 */

export type DecayKind = 'cosine' | 'step';

export interface ScheduleOptions {
  /** peak learning rate, reached at the end of warm-up. */
  lr: number;
  /** floor the decay ends at (cosine) or never goes below (step). */
  minLr: number;
  /** steps of linear warm-up: step s < warmupSteps uses lr·(s+1)/warmupSteps. */
  warmupSteps: number;
  /** schedule length in steps (the decay reaches minLr at the last one). */
  totalSteps: number;
  decay: DecayKind;
}

/** DeepSeek-V2's step-decay factor and the fractions of training where it applies (docs/model.md#training-recipe). */
export const STEP_DECAY = { factor: 0.316, at: [0.6, 0.9] } as const;

/** Learning rate for the update of step `step` (0-based count of updates already applied). */
export function learningRate(step: number, o: ScheduleOptions): number {
  if (step < o.warmupSteps) return (o.lr * (step + 1)) / o.warmupSteps;
  if (o.decay === 'step') {
    const done = step / o.totalSteps;
    const n = STEP_DECAY.at.filter((f) => done >= f).length;
    return Math.max(o.minLr, o.lr * STEP_DECAY.factor ** n);
  }
  const span = Math.max(1, o.totalSteps - 1 - o.warmupSteps);
  const progress = Math.min(1, (step - o.warmupSteps) / span); // 0 at the peak, 1 at the last step
  return o.minLr + 0.5 * (o.lr - o.minLr) * (1 + Math.cos(Math.PI * progress));
}
