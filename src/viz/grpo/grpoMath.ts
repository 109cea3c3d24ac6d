/**
 * The GRPO lab's arithmetic on plain numbers: what PPO's value model would cost for the loaded
 * config (computed from the config, not measured), sums and colours of advantages, and the
 * before/after expert load. Pure; no DOM.
 */
import { interpolateRdBu } from 'd3';
import type { DeepseekV2Config } from '../../model/config';
import { parameterCounts } from '../../model/sizes';

/** fp32 weights + gradients + AdamW's two moments: bytes per trained parameter. */
export const TRAIN_BYTES_PER_PARAM = 4 + 4 + 8;
/** fp32 weights only (a frozen model): bytes per parameter. */
export const FROZEN_BYTES_PER_PARAM = 4;

export interface RlMemory {
  /** the policy's parameters. */
  policyParams: number;
  /**
   * PPO's value model: the policy's body with lm_head ([V, d]) replaced by a scalar head ([1, d]),
   * as is usual (it starts from the policy or the reward model).
   */
  valueParams: number;
  /** bytes to train the policy (weights, gradients, AdamW moments). */
  policyBytes: number;
  /** bytes of the frozen reference policy. */
  referenceBytes: number;
  /** bytes to train the value model. */
  valueBytes: number;
  /** GRPO: policy + reference. */
  grpoBytes: number;
  /** PPO: policy + reference + value model (the reward here is a rule, so no reward model in either). */
  ppoBytes: number;
}

/** What each algorithm holds in memory for `c` (computed from the config). */
export function rlMemory(c: DeepseekV2Config): RlMemory {
  const p = parameterCounts(c);
  const d = c.hidden_size;
  const outputHead = c.vocab_size * d; // lm_head, or the tied embedding used as one
  // with tied embeddings the value model keeps the embedding as its input table and adds a scalar head
  const valueParams = p.total - (c.tie_word_embeddings ? 0 : outputHead) + d;
  const policyBytes = p.total * TRAIN_BYTES_PER_PARAM;
  const referenceBytes = p.total * FROZEN_BYTES_PER_PARAM;
  const valueBytes = valueParams * TRAIN_BYTES_PER_PARAM;
  return {
    policyParams: p.total,
    valueParams,
    policyBytes,
    referenceBytes,
    valueBytes,
    grpoBytes: policyBytes + referenceBytes,
    ppoBytes: policyBytes + referenceBytes + valueBytes,
  };
}

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

/** Per expert, the load after over the load before (both as multiples of the fair share). */
export function loadChange(before: readonly number[], after: readonly number[]): number[] {
  return after.map((x, i) => (before[i] > 0 ? x / before[i] : NaN));
}
