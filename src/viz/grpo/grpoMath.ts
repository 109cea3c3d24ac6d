/**
 * The GRPO lab's arithmetic on plain numbers: what PPO's value model would cost for the loaded
 * config (src/rl/rlMemory.ts), and sums and colours of advantages.
 * Pure; no DOM.
 */
import { interpolateRdBu } from 'd3';

export { FROZEN_BYTES_PER_PARAM, rlMemory, TRAIN_BYTES_PER_PARAM, type RlMemory } from '../../rl/rlMemory';

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The largest |Â| of the outputs' tokens (at least 1e-6, so the scale never collapses). */
export function maxAbsAdvantage(perToken: readonly (readonly number[])[]): number {
  return Math.max(1e-6, ...perToken.flat().map(Math.abs));
}

/**
 * A background colour for an advantage: blue for positive, red for negative, white at 0
 * (d3's RdBu, colour-blind safe), kept within t ∈ [0.25, 0.75] so dark text keeps a 4.5:1 contrast.
 */
export function advantageColor(a: number, maxAbs: number): string {
  const t = 0.5 + 0.25 * Math.max(-1, Math.min(1, a / maxAbs));
  return interpolateRdBu(t);
}

/** The legend's interpolator: t ∈ [0, 1] across [−max, +max]. */
export const advantageRamp = (t: number) => interpolateRdBu(0.25 + 0.5 * t);
