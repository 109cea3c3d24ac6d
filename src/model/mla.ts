/**
 * Multi-head Latent Attention (DeepSeek-V2 eqs. (9)–(19); docs/model.md#mla), one layer, as DeepSeek's code computes it:
 * optional query compression (q_a_proj → q_a_layernorm → q_b_proj, or one q_proj), the fused
 * kv_a_proj_with_mqa split latent-then-RoPE, kv_a_layernorm on the latent only, interleaved RoPE
 * on q^R and the single shared k^R, and attention by either path of mlaPaths.ts.
 *
 * Input rows are b-major: row b·T + t is token t of sequence b. With a KV cache (one sequence)
 * the new c^KV and k^R are appended first and the queries attend over everything cached.
 */
import * as tf from '@tensorflow/tfjs-core';
import { softmaxScale, type DeepseekV2Config } from './config';
import type { KvCache } from './kvCache';
import { linear } from './linear';
import { absorbedAttention, naiveAttention, type AttnDims, type AttnInputs, type AttnResult } from './mlaPaths';
import { LATENT_NORM_EPS, rmsNorm } from './rmsNorm';
import type { RopeTables } from './rope';
import { tidyObject } from './tidy';

/** One layer's MLA weights, [in, out] layout, named after the Hugging Face modules. */
export interface MlaParams {
  kind: 'mla';
  /** [d, d_c'] W^DQ, or null without query compression. */
  qAProj: tf.Tensor2D | null;
  /** [d_c'] gain of the query-latent RMSNorm, or null. */
  qALayernorm: tf.Tensor1D | null;
  /** [d_c', n_h·(d_h + d_h^R)] [W^UQ; W^QR] per head, or null. */
  qBProj: tf.Tensor2D | null;
  /** [d, n_h·(d_h + d_h^R)] the plain query projection when q_lora_rank is null, else null. */
  qProj: tf.Tensor2D | null;
  /** [d, d_c + d_h^R] [W^DKV, W^KR]: latent columns first, then the shared RoPE key. */
  kvAProjWithMqa: tf.Tensor2D;
  /** [d_c] gain of the KV-latent RMSNorm. */
  kvALayernorm: tf.Tensor1D;
  /** [d_c, n_h·(d_h + d_v)] [W^UK, W^UV] per head, head-major. */
  kvBProj: tf.Tensor2D;
  /** [n_h·d_v, d] W^O. */
  oProj: tf.Tensor2D;
}

export type AttentionPath = 'naive' | 'absorbed';

export interface MlaOptions {
  /** B: sequences in the input (1 with a cache). */
  batch: number;
  /** which attention path computes the output (default 'naive'). */
  path?: AttentionPath;
  /** position of each sequence's first token without a cache (default 0). */
  start?: number;
  /** append this call's c^KV and k^R to layer `layer` of the cache and attend over all of it. */
  cache?: { cache: KvCache; layer: number };
  /** keep the internals for the trace. */
  record?: boolean;
  /** also run the other path and record max |naive − absorbed| over the layer output. */
  compare?: boolean;
}

/** Internals kept for the trace (tensors owned by the caller). Rows are b-major tokens. */
export interface MlaRecord {
  /** [B·T, d_c'] c^Q before / after q_a_layernorm; null without query compression. */
  cQPreNorm: tf.Tensor2D | null;
  cQ: tf.Tensor2D | null;
  /** [B·T, d_c] c^KV before / after kv_a_layernorm. */
  cKVPreNorm: tf.Tensor2D;
  cKV: tf.Tensor2D;
  /** [B·T, d_h^R] the shared k^R before / after RoPE. */
  kRPreRope: tf.Tensor2D;
  kR: tf.Tensor2D;
  /** [B·T, n_h, d_h^R] q^R before / after RoPE. */
  qRPreRope: tf.Tensor3D;
  qR: tf.Tensor3D;
  /** [B, n_h, T, S] attention probabilities and the unscaled nope / RoPE logit terms. */
  probs: tf.Tensor4D;
  nopeLogits: tf.Tensor4D;
  ropeLogits: tf.Tensor4D;
}

export interface MlaOutput {
  /** [B·T, d] o_proj output, before the residual add. */
  out: tf.Tensor2D;
  record: MlaRecord | null;
  /** scalar max |naive − absorbed| over the o_proj output, when `compare` was set. */
  pathDiff: tf.Scalar | null;
}

/** q = q_b_proj(q_a_layernorm(q_a_proj(h))) or q_proj(h): [B·T, n_h·(d_h + d_h^R)]. */
function projectQuery(p: MlaParams, h: tf.Tensor2D) {
  if (p.qAProj && p.qALayernorm && p.qBProj) {
    const cQPreNorm = linear(h, p.qAProj); // [B·T, d_c']
    const cQ = rmsNorm(cQPreNorm, p.qALayernorm, LATENT_NORM_EPS); // [B·T, d_c']
    return { q: linear(cQ, p.qBProj), cQPreNorm, cQ }; // q: [B·T, n_h·(d_h + d_h^R)]
  }
  if (!p.qProj) throw new Error('MLA: neither q_a_proj/q_a_layernorm/q_b_proj nor q_proj is set');
  return { q: linear(h, p.qProj), cQPreNorm: null, cQ: null }; // q: [B·T, n_h·(d_h + d_h^R)]
}

/** MLA for normed hidden states `h` [B·T, d]. */
export function mla(p: MlaParams, c: DeepseekV2Config, rope: RopeTables, h: tf.Tensor2D, opts: MlaOptions): MlaOutput {
  return tidyObject(() => {
    const B = opts.batch;
    const N = h.shape[0];
    const T = N / B;
    if (!Number.isInteger(T)) throw new Error(`MLA: ${N} rows do not split into ${B} sequences`);
    if (opts.cache && B !== 1) throw new Error('MLA: the KV cache holds one sequence; batch must be 1');
    const H = c.num_attention_heads;
    const [dh, dr, dc] = [c.qk_nope_head_dim, c.qk_rope_head_dim, c.kv_lora_rank];
    const start = opts.cache ? opts.cache.cache.layerLength(opts.cache.layer) : (opts.start ?? 0);

    const { q, cQPreNorm, cQ } = projectQuery(p, h);
    const q3 = tf.reshape(q, [N, H, dh + dr]) as tf.Tensor3D; // [B·T, n_h, d_h + d_h^R]
    const qNope = tf.slice(q3, [0, 0, 0], [N, H, dh]) as tf.Tensor3D; // [B·T, n_h, d_h]
    const qRPre = tf.slice(q3, [0, 0, dh], [N, H, dr]) as tf.Tensor3D; // [B·T, n_h, d_h^R]
    const qRope = rope.rotate(qRPre, B, start); // [B·T, n_h, d_h^R]

    const ckv = linear(h, p.kvAProjWithMqa); // [B·T, d_c + d_h^R], latent first
    const cKVPreNorm = tf.slice(ckv, [0, 0], [N, dc]); // [B·T, d_c]
    const cKV = rmsNorm(cKVPreNorm, p.kvALayernorm, LATENT_NORM_EPS); // [B·T, d_c]
    const kRPre = tf.slice(ckv, [0, dc], [N, dr]) as tf.Tensor2D; // [B·T, d_h^R], not normalised
    const kR = rope.rotate(kRPre, B, start); // [B·T, d_h^R]

    let latent: tf.Tensor2D | tf.Tensor3D; // [B, S, d_c], or [S, d_c] from the cache
    let ropeKey: tf.Tensor2D | tf.Tensor3D; // [B, S, d_h^R], or [S, d_h^R] from the cache
    if (opts.cache) {
      opts.cache.cache.append(opts.cache.layer, cKV, kR);
      latent = opts.cache.cache.latent(opts.cache.layer) as tf.Tensor2D; // [S, d_c]
      ropeKey = opts.cache.cache.ropeKey(opts.cache.layer) as tf.Tensor2D; // [S, d_h^R]
    } else {
      latent = tf.reshape(cKV, [B, T, dc]) as tf.Tensor3D; // [B, T, d_c]
      ropeKey = tf.reshape(kR, [B, T, dr]) as tf.Tensor3D; // [B, T, d_h^R]
    }
    const S = latent.shape[latent.rank - 2];
    const dims: AttnDims = {
      batch: B,
      queries: T,
      keys: S,
      start,
      nHeads: H,
      nope: dh,
      vDim: c.v_head_dim,
      latent: dc,
      scale: softmaxScale(c),
    };
    const inputs: AttnInputs = { qNope, qRope, latent, ropeKey, kvBProj: p.kvBProj };
    const path = opts.path ?? 'naive';
    const run = (which: AttentionPath): AttnResult =>
      which === 'naive' ? naiveAttention(inputs, dims) : absorbedAttention(inputs, dims);
    const main = run(path);
    const out = linear(main.heads, p.oProj); // [B·T, d]
    let pathDiff: tf.Scalar | null = null;
    if (opts.compare) {
      const other = linear(run(path === 'naive' ? 'absorbed' : 'naive').heads, p.oProj); // [B·T, d]
      pathDiff = tf.max(tf.abs(tf.sub(out, other))) as tf.Scalar; // []
    }
    if (!opts.record) return { out, record: null, pathDiff };
    const record: MlaRecord = {
      cQPreNorm,
      cQ,
      cKVPreNorm,
      cKV,
      kRPreRope: kRPre,
      kR,
      qRPreRope: qRPre, // [B·T, n_h, d_h^R]
      qR: qRope, // [B·T, n_h, d_h^R]
      probs: main.probs,
      nopeLogits: main.nopeLogits,
      ropeLogits: main.ropeLogits,
    };
    return { out, record, pathDiff };
  });
}
