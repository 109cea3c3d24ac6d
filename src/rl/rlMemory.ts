/**
 * What PPO would hold in memory beside GRPO for a config: the value model PPO needs, its
 * parameters and training bytes, computed from the config (not measured). Pure arithmetic.
 */
import type { DeepseekV2Config } from '../model/config';
import { parameterCounts } from '../model/sizes';

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
