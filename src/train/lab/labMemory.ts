/**
 * How much memory one Balance-lab training step needs, and the sizes the lab takes. Estimated
 * from the config (tensor bytes the step keeps alive at its peak: the logits and their softmax
 * and gradients, each layer's activations and experts, the attention maps), measured against
 * tf.profile's peak bytes on the cpu backend (lab-small at B·T = 256…1024: 131–149 KB per token,
 * estimate ≈ 200 KB; TinySeek: 590–713 KB per token, estimate ≈ 740 KB): it errs on the large
 * side. Pure: no tfjs.
 */
import type { DeepseekV2Config } from '../../model/config';

/** The most memory one lab step may need: a browser tab holds this on every backend. */
export const LAB_MEMORY_BUDGET = 1024 ** 3;

/** The most sequences per step, whatever the memory. */
export const MAX_LAB_BATCH = 1024;

/** Estimated peak bytes of one training step of `c` on B sequences of T tokens. */
export function labStepBytes(c: DeepseekV2Config, B: number, T: number): number {
  const experts = (c.n_routed_experts ?? 0) + c.n_shared_experts;
  const ffn = Math.max(c.intermediate_size, experts * c.moe_intermediate_size);
  const perToken =
    24 * c.vocab_size + // logits, softmax, their gradients
    c.num_hidden_layers * (32 * c.hidden_size + 32 * ffn) + // activations and expert outputs, kept for the backward
    20 * c.num_attention_heads * c.num_hidden_layers * T; // attention maps over T keys
  return 4 * B * T * perToken; // float32
}

/** The largest batch at sequence length T that fits the budget (at least 0). */
export function maxLabBatch(c: DeepseekV2Config, T: number): number {
  return Math.min(MAX_LAB_BATCH, Math.floor(LAB_MEMORY_BUDGET / labStepBytes(c, 1, T)));
}

/** "1.2 GB", "350 MB". */
export function formatBytes(b: number): string {
  return b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(b / 1024 ** 2)} MB`;
}
