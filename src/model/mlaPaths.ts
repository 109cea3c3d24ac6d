/**
 * The two ways MLA attends (docs/model.md#mla, docs/model.md#absorption), over the same queries and the same cached keys.
 *
 * - naive: expand every cached latent into per-head keys k^C and values with kv_b_proj, then
 *   ordinary multi-head attention, the way the reference PyTorch code computes it.
 * - absorbed: fold W^UK into the query (q̂ = W^UKᵀ q^C per head) and W^UV after the readout, so
 *   attention runs directly over the cached latent c^KV and the shared RoPE key k^R: MQA with
 *   one wide shared head. No per-head key or value is ever formed.
 *
 * Both return the concatenated head outputs before o_proj, and the two logit terms separately.
 */
import * as tf from '@tensorflow/tfjs-core';
import { addCausalMask, bmm, permuteTo, reshapeTo } from './attentionOps';
import { linear } from './linear';

/** Sizes of one attention call. */
export interface AttnDims {
  /** B: sequences. */
  batch: number;
  /** T: queries per sequence. */
  queries: number;
  /** S: keys per sequence (cached plus new). */
  keys: number;
  /** first query position; query t may see keys 0 … start + t. */
  start: number;
  nHeads: number;
  /** d_h. */
  nope: number;
  /** d_v. */
  vDim: number;
  /** d_c. */
  latent: number;
  /** σ. */
  scale: number;
}

/** What attention feeds forward, and the parts the trace shows. */
export interface AttnResult {
  /** [B·T, n_h·d_v]: head outputs, head-major, before o_proj. */
  heads: tf.Tensor2D;
  /** [B, n_h, T, S]: attention probabilities (0 where masked). */
  probs: tf.Tensor4D;
  /** [B, n_h, T, S]: unscaled q^C·k^C. */
  nopeLogits: tf.Tensor4D;
  /** [B, n_h, T, S]: unscaled q^R·k^R after RoPE. */
  ropeLogits: tf.Tensor4D;
}

/** Inputs common to both paths. */
export interface AttnInputs {
  /** [B·T, n_h, d_h]: q^C, rows b-major. */
  qNope: tf.Tensor3D;
  /** [B·T, n_h, d_h^R]: q^R after RoPE. */
  qRope: tf.Tensor3D;
  /**
   * [B, S, d_c]: c^KV of every key, after kv_a_layernorm; [S, d_c] for one sequence read from the
   * KV cache (the products broadcast it; no gradient flows through a cached key).
   */
  latent: tf.Tensor3D | tf.Tensor2D;
  /** [B, S, d_h^R]: k^R of every key, after RoPE; [S, d_h^R] from the cache, as `latent`. */
  ropeKey: tf.Tensor3D | tf.Tensor2D;
  /** [d_c, n_h·(d_h + d_v)]: kv_b_proj in [in, out] layout. */
  kvBProj: tf.Tensor2D;
}

/** q^R·k^R for every head: all heads' rows against the one shared key, [B, n_h, T, S]. */
function ropeScores(qRope: tf.Tensor3D, ropeKey: tf.Tensor, d: AttnDims): tf.Tensor4D {
  const dr = qRope.shape[2];
  const q = permuteTo(qRope, [0, 2, 1, 3], [d.batch, d.nHeads * d.queries, dr], [d.batch, d.queries, d.nHeads, dr]); // [B, n_h·T, d_h^R]
  return tf.reshape(tf.matMul(q, keysT(ropeKey)), [d.batch, d.nHeads, d.queries, d.keys]); // [B, n_h, T, S]
}

/**
 * Keys [B, S, n] or [S, n] turned to [B, n, S] or [n, S] for a plain product: an explicit transpose,
 * not matMul's transposeB, which tfjs-webgpu runs measurably slower here as the cache grows.
 */
function keysT(k: tf.Tensor): tf.Tensor {
  return tf.transpose(k, k.rank === 2 ? [1, 0] : [0, 2, 1]);
}

/** softmax(σ·(nope + rope) + mask) over the keys. */
function attend(nope: tf.Tensor4D, rope: tf.Tensor4D, d: AttnDims): tf.Tensor4D {
  const scores = tf.mul(tf.add(nope, rope), d.scale); // [B, n_h, T, S]
  return tf.softmax(addCausalMask(scores, d.queries, d.keys, d.start)) as tf.Tensor4D; // [B, n_h, T, S]
}

/** Naive MLA: per-head keys and values expanded from the latent (as the official code computes it; docs/model.md#absorption). */
export function naiveAttention(x: AttnInputs, d: AttnDims): AttnResult {
  return tf.tidy(() => {
    const { batch: B, queries: T, keys: S, nHeads: H, nope: dh, vDim: dv } = d;
    const kv = tf.reshape(linear(tf.reshape(x.latent, [B * S, d.latent]), x.kvBProj), [B, S, H, dh + dv]); // [B, S, n_h, d_h + d_v]
    const kNope = tf.slice(kv, [0, 0, 0, 0], [B, S, H, dh]); // [B, S, n_h, d_h]
    const v = tf.slice(kv, [0, 0, 0, dh], [B, S, H, dv]); // [B, S, n_h, d_v]
    const q = permuteTo(x.qNope, [0, 2, 1, 3], [B * H, T, dh], [B, T, H, dh]); // [B·n_h, T, d_h]
    const kT = permuteTo(kNope, [0, 2, 3, 1], [B * H, dh, S]); // [B·n_h, d_h, S]
    const nopeLogits = tf.reshape(bmm(q, kT), [B, H, T, S]) as tf.Tensor4D; // [B, n_h, T, S]
    const ropeLogits = ropeScores(x.qRope, x.ropeKey, d); // [B, n_h, T, S]
    const probs = attend(nopeLogits, ropeLogits, d); // [B, n_h, T, S]
    const vh = permuteTo(v, [0, 2, 1, 3], [B * H, S, dv]); // [B·n_h, S, d_v]
    const o = bmm(tf.reshape(probs, [B * H, T, S]), vh); // [B·n_h, T, d_v]
    const heads = permuteTo<tf.Rank.R2>(o, [0, 2, 1, 3], [B * T, H * dv], [B, H, T, dv]); // [B·T, n_h·d_v]
    return { heads, probs, nopeLogits, ropeLogits };
  });
}

/** Absorbed MLA: attention over the latent cache itself (docs/model.md#absorption). */
export function absorbedAttention(x: AttnInputs, d: AttnDims): AttnResult {
  return tf.tidy(() => {
    const { batch: B, queries: T, keys: S, nHeads: H, nope: dh, vDim: dv, latent: dc } = d;
    const w = tf.reshape(x.kvBProj, [dc, H, dh + dv]); // [d_c, n_h, d_h + d_v]
    const wUKt = tf.transpose(tf.slice(w, [0, 0, 0], [dc, H, dh]), [1, 2, 0]); // [n_h, d_h, d_c]: W^UK_i per head
    const wUV = tf.transpose(tf.slice(w, [0, 0, dh], [dc, H, dv]), [1, 0, 2]); // [n_h, d_c, d_v]: W^UV_iᵀ per head
    const q = permuteTo(x.qNope, [1, 0, 2], [H, B * T, dh]); // [n_h, B·T, d_h]
    const qHat = bmm(q, wUKt); // [n_h, B·T, d_c]: q̂ = W^UKᵀ q^C
    const qHatB = permuteTo(qHat, [1, 0, 2, 3], [B, H * T, dc], [H, B, T, dc]); // [B, n_h·T, d_c]
    const nopeLogits = tf.reshape(tf.matMul(qHatB, keysT(x.latent)), [B, H, T, S]) as tf.Tensor4D; // [B, n_h, T, S]: q̂·c_j
    const ropeLogits = ropeScores(x.qRope, x.ropeKey, d); // [B, n_h, T, S]
    const probs = attend(nopeLogits, ropeLogits, d); // [B, n_h, T, S]
    const read = tf.matMul(reshapeTo(probs, [B, H * T, S]), x.latent); // [B, n_h·T, d_c]: Σ_j a_j c_j
    const readH = permuteTo(read, [1, 0, 2, 3], [H, B * T, dc], [B, H, T, dc]); // [n_h, B·T, d_c]
    const o = bmm(readH, wUV); // [n_h, B·T, d_v]: W^UV · Σ_j a_j c_j
    const heads = permuteTo<tf.Rank.R2>(o, [1, 0, 2], [B * T, H * dv]); // [B·T, n_h·d_v]
    return { heads, probs, nopeLogits, ropeLogits };
  });
}
