/**
 * The baseline MLA is measured against (DeepSeek-V2 eqs. (1)–(8)): standard multi-head attention with the same
 * heads, for the dense ablation and the benchmarks. Llama-style q_proj / k_proj / v_proj / o_proj,
 * RoPE over each whole head (head width d_h = qk_nope_head_dim), σ = 1/√d_h, and a cache that
 * holds every head's key and value: 2·n_h·d_h values per token per layer against MLA's d_c + d_h^R.
 * Selected by the config extension `attention_type: "mha"`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bmm, causalMask } from './attentionOps';
import type { DeepseekV2Config } from './config';
import type { KvCache } from './kvCache';
import { linear } from './linear';
import type { RopeTables } from './rope';

/** One layer's MHA weights, [in, out] layout. */
export interface MhaParams {
  kind: 'mha';
  /** [d, n_h·d_h] W^Q. */
  qProj: tf.Tensor2D;
  /** [d, n_h·d_h] W^K. */
  kProj: tf.Tensor2D;
  /** [d, n_h·d_v] W^V. */
  vProj: tf.Tensor2D;
  /** [n_h·d_v, d] W^O. */
  oProj: tf.Tensor2D;
}

/** MHA for normed hidden states `h` [B·T, d]; with a cache (B = 1) the new keys and values are appended first. */
export function mha(
  p: MhaParams,
  c: DeepseekV2Config,
  rope: RopeTables,
  h: tf.Tensor2D,
  opts: { batch: number; cache?: { cache: KvCache; layer: number } },
): { out: tf.Tensor2D } {
  return tf.tidy(() => {
    const B = opts.batch;
    const N = h.shape[0];
    const T = N / B;
    if (!Number.isInteger(T)) throw new Error(`MHA: ${N} rows do not split into ${B} sequences`);
    if (opts.cache && B !== 1) throw new Error('MHA: the KV cache holds one sequence; batch must be 1');
    const [H, dh, dv] = [c.num_attention_heads, c.qk_nope_head_dim, c.v_head_dim];
    const start = opts.cache ? opts.cache.cache.layerLength(opts.cache.layer) : 0;
    const q = rope.apply(tf.reshape(linear(h, p.qProj), [B, T, H, dh]), start); // [B, T, n_h, d_h]
    const kNew = rope.apply(tf.reshape(linear(h, p.kProj), [B, T, H, dh]), start); // [B, T, n_h, d_h]
    const vNew = linear(h, p.vProj); // [B·T, n_h·d_v]
    let k: tf.Tensor4D = kNew; // [B, S, n_h, d_h]
    let v = tf.reshape(vNew, [B, T, H, dv]) as tf.Tensor4D; // [B, S, n_h, d_v]
    if (opts.cache) {
      const { cache, layer } = opts.cache;
      cache.append(layer, tf.reshape(kNew, [T, H * dh]) as tf.Tensor2D, vNew);
      k = tf.reshape(cache.latent(layer) as tf.Tensor2D, [1, -1, H, dh]); // [1, S, n_h, d_h]
      v = tf.reshape(cache.ropeKey(layer) as tf.Tensor2D, [1, -1, H, dv]); // [1, S, n_h, d_v]
    }
    const S = k.shape[1];
    const qh = tf.reshape(tf.transpose(q, [0, 2, 1, 3]), [B * H, T, dh]); // [B·n_h, T, d_h]
    const kT = tf.reshape(tf.transpose(k, [0, 2, 3, 1]), [B * H, dh, S]); // [B·n_h, d_h, S]
    const scores = tf.add(tf.mul(bmm(qh, kT), 1 / Math.sqrt(dh)), causalMask(T, S, start)); // [B·n_h, T, S]
    const probs = tf.softmax(scores); // [B·n_h, T, S]
    const vh = tf.reshape(tf.transpose(v, [0, 2, 1, 3]), [B * H, S, dv]); // [B·n_h, S, d_v]
    const o = tf.reshape(bmm(probs, vh), [B, H, T, dv]); // [B, n_h, T, d_v]
    const heads = tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [B * T, H * dv]) as tf.Tensor2D; // [B·T, n_h·d_v]
    return { out: linear(heads, p.oProj) }; // [B·T, d]
  });
}
