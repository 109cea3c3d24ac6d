/**
 * A decoder layer's self-attention: Multi-head Latent Attention (mla.ts, DeepSeek-V2 §2.1.2–2.1.3,
 * eq. 9–19), or the standard multi-head attention baseline (mha.ts, eq. 1–8) when the config says
 * `attention_type: "mha"`. The weights carry their kind, so the layer dispatches on what it holds.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from './config';
import type { KvCache } from './kvCache';
import { mha, type MhaParams } from './mha';
import { mla, type AttentionPath, type MlaOutput, type MlaParams } from './mla';
import type { RopeTables } from './rope';

/** One layer's `self_attn` weights: MLA, or the MHA baseline. */
export type AttentionParams = MlaParams | MhaParams;

export interface AttentionOptions {
  /** B: sequences in the input (1 with a cache). */
  batch: number;
  /** MLA's attention path; MHA has one. */
  path: AttentionPath;
  /** append this call's keys to layer `layer` of the cache and attend over all of it. */
  cache?: { cache: KvCache; layer: number };
  /** keep MLA's internals for the trace (the MHA baseline records nothing). */
  record: boolean;
  /** MLA only: also run the other path and record max |naive − absorbed|. */
  compare: boolean;
}

/** self_attn on normed hidden states h [B·T, d]: the o_proj output [B·T, d], before the residual add. */
export function selfAttention(
  p: AttentionParams,
  c: DeepseekV2Config,
  rope: RopeTables,
  h: tf.Tensor2D,
  opts: AttentionOptions,
): MlaOutput {
  if (p.kind === 'mha') return { out: mha(p, c, rope, h, opts).out, record: null, pathDiff: null };
  return mla(p, c, rope, h, opts);
}
