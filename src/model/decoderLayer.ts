/**
 * One pre-norm decoder layer, as Hugging Face's DeepseekV2DecoderLayer computes it
 * (DeepSeek-V2 §2, Figure 2):
 *
 *   h   = x + self_attn(input_layernorm(x))            MLA, or the MHA baseline
 *   out = h + ffn(post_attention_layernorm(h))         a dense SwiGLU MLP, or DeepSeekMoE
 *
 * Rows are b-major tokens [B·T, d]. The layer returns what the model needs beyond the residual
 * stream: the attention internals (when recording) and the MoE routing (losses and trace).
 */
import * as tf from '@tensorflow/tfjs-core';
import { selfAttention } from './attention';
import type { DeepseekV2Config } from './config';
import type { KvCache } from './kvCache';
import type { AttentionPath, MlaOutput } from './mla';
import { mlp } from './mlp';
import { moe, type MoeOptions, type MoeOutput } from './moe';
import { isMoeParams, type DecoderLayerParams } from './params';
import { rmsNorm } from './rmsNorm';
import type { RopeTables } from './rope';

export interface DecoderLayerOptions {
  /** B: sequences in the rows of x (1 with a cache). */
  batch: number;
  /** MLA's attention path. */
  path: AttentionPath;
  /** this layer's slot of the KV cache; absent without a cache. */
  cache?: { cache: KvCache; layer: number };
  /** keep the attention internals (MLA) and the MoE norms for the trace. */
  record: boolean;
  /** also run MLA's other path and record the max difference. */
  compareAttention: boolean;
  /** MoE layers only: routing interventions and token dropping for this layer. */
  moe: Omit<MoeOptions, 'record'>;
}

export interface DecoderLayerOutput {
  /** [B·T, d] the residual stream after the layer. */
  hidden: tf.Tensor2D;
  /** self_attn's o_proj output [B·T, d] and, when recording MLA, its internals. */
  attention: MlaOutput;
  /** [B·T, d] what the feed-forward block (dense MLP or MoE) adds to the residual stream. */
  ffn: tf.Tensor2D;
  /** the MoE layer's output (routing, recorded norms, drops); null on a dense layer. */
  moe: MoeOutput | null;
}

/** One decoder layer on the residual stream x [B·T, d]. Call inside a tidy scope. */
export function decoderLayer(
  p: DecoderLayerParams,
  x: tf.Tensor2D,
  c: DeepseekV2Config,
  rope: RopeTables,
  opts: DecoderLayerOptions,
): DecoderLayerOutput {
  const h = rmsNorm(x, p.inputLayernorm, c.rms_norm_eps); // [B·T, d]
  const attention = selfAttention(p.selfAttn, c, rope, h, {
    batch: opts.batch,
    path: opts.path,
    cache: opts.cache,
    record: opts.record,
    compare: opts.record && opts.compareAttention,
  });
  const attended = tf.add(x, attention.out) as tf.Tensor2D; // [B·T, d]
  const u = rmsNorm(attended, p.postAttentionLayernorm, c.rms_norm_eps); // [B·T, d]
  let routed: MoeOutput | null = null;
  let ffn: tf.Tensor2D; // [B·T, d]
  if (isMoeParams(p.mlp)) {
    routed = moe(p.mlp, u, c, { ...opts.moe, record: opts.record });
    ffn = routed.y;
  } else {
    ffn = mlp(p.mlp, u);
  }
  return { hidden: tf.add(attended, ffn) as tf.Tensor2D, attention, ffn, moe: routed }; // [B·T, d]
}
