/**
 * Absorbed MLA attention for one decode token, all heads of a layer in one dispatch
 * (mlaPaths.ts absorbedAttention, docs/model.md#absorption, docs/webgpu.md). Workgroup h is head h:
 *
 *   q^R_h  = RoPE(q^R pre-RoPE)                       [d_h^R]
 *   q̂_h    = W^UK_hᵀ q^C_h                            [d_c]
 *   nope_j = q̂_h · c_j,  rope_j = q^R_h · k^R_j        over the S cached latents
 *   a      = softmax(σ·(nope + rope))                 [S]
 *   o_h    = W^UV_hᵀ Σ_j a_j c_j                        [d_v]
 *
 * Output, packed: [heads n_h·d_v | q^R n_h·d_h^R | probs n_h·S | nope n_h·S | rope n_h·S]; the
 * trace's per-head weights and their content / position parts are these same values.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { f32, program, REDUCE, runProgram, SOFTMAX_IN_PLACE, WG } from './program';

export interface MlaAttentionArgs {
  /** packed vector holding every head's [q^C d_h | q^R pre-RoPE d_h^R] from `offset`. */
  q: tf.Tensor;
  offset: number;
  /** [S, d_c] and [S, d_h^R]: the layer's cache, the new token included. */
  latent: tf.Tensor2D;
  ropeKey: tf.Tensor2D;
  /** [d_c, n_h·(d_h + d_v)] kv_b_proj. */
  kvBProj: tf.Tensor2D;
  /** [2, d_h^R]: cos and sin at the new token's position. */
  cs: tf.Tensor2D;
  heads: number;
  nope: number;
  vDim: number;
  /** σ. */
  scale: number;
}

/** Where each part starts in the packed output, for S keys. */
export function attentionLayout(heads: number, ropeDim: number, vDim: number, keys: number) {
  const qR = heads * vDim;
  const probs = qR + heads * ropeDim;
  const nope = probs + heads * keys;
  const rope = nope + heads * keys;
  return { heads: 0, qR, probs, nope, rope, size: rope + heads * keys };
}

/** Packed [n_h·d_v | n_h·d_h^R | 3·n_h·S], one workgroup per head. */
export function mlaAttention(a: MlaAttentionArgs): tf.Tensor1D {
  const [S, dc] = a.latent.shape;
  const dr = a.ropeKey.shape[1];
  const { heads: H, nope: dh, vDim: dv } = a;
  const nkv = H * (dh + dv);
  const L = attentionLayout(H, dr, dv, S);
  const code = `
${REDUCE}
var<workgroup> qhat : array<f32, ${dc}>;
var<workgroup> qr : array<f32, ${dr}>;
var<workgroup> rd : array<f32, ${dc}>;
fn main(index : i32) {
  let h = i32(workgroupId.x);
  let t = i32(localId.x);
  let S = uniforms.latentShape[0];
  let qb = ${a.offset} + h * ${dh + dr};
  let wb = h * ${dh + dv};
  for (var r = t; r < ${dr}; r = r + ${WG}) {
    var sw = 0.0;
    if (r % 2 == 0) { sw = -q[qb + ${dh} + r + 1]; } else { sw = q[qb + ${dh} + r - 1]; }
    let v = q[qb + ${dh} + r] * cs[r] + sw * cs[${dr} + r];
    qr[r] = v;
    result[${H * dv} + h * ${dr} + r] = v;
  }
  for (var c = t; c < ${dc}; c = c + ${WG}) {
    var acc = 0.0;
    for (var i = 0; i < ${dh}; i = i + 1) { acc = acc + q[qb + i] * kvBProj[c * ${nkv} + wb + i]; }
    qhat[c] = acc;
  }
  workgroupBarrier();
  let P = ${H * dv + H * dr} + h * S;
  let N = ${H * dv + H * dr} + ${H} * S + h * S;
  let R = ${H * dv + H * dr} + ${2 * H} * S + h * S;
  var mx = -3.402823e+38;
  for (var j = t; j < S; j = j + ${WG}) {
    var no = 0.0;
    for (var c = 0; c < ${dc}; c = c + 1) { no = no + qhat[c] * latent[j * ${dc} + c]; }
    var ro = 0.0;
    for (var r = 0; r < ${dr}; r = r + 1) { ro = ro + qr[r] * ropeKey[j * ${dr} + r]; }
    result[N + j] = no;
    result[R + j] = ro;
    let sc = (no + ro) * ${f32(a.scale)};
    result[P + j] = sc;
    mx = max(mx, sc);
  }
  let m = wgMax(mx);
${SOFTMAX_IN_PLACE}
  for (var c = t; c < ${dc}; c = c + ${WG}) {
    var acc = 0.0;
    for (var j = 0; j < S; j = j + 1) { acc = acc + result[P + j] * latent[j * ${dc} + c]; }
    rd[c] = acc;
  }
  workgroupBarrier();
  for (var v = t; v < ${dv}; v = v + ${WG}) {
    var acc = 0.0;
    for (var c = 0; c < ${dc}; c = c + 1) { acc = acc + rd[c] * kvBProj[c * ${nkv} + wb + ${dh} + v]; }
    result[h * ${dv} + v] = acc;
  }
}`;
  const key = [a.offset, dc, dr, H, dh, dv, a.scale];
  const p = program('mlaAttention', key, ['q', 'latent', 'ropeKey', 'kvBProj', 'cs'], L.size, H, code);
  return runProgram(p, [a.q, a.latent, a.ropeKey, a.kvBProj, a.cs]); // [n_h·d_v + n_h·d_h^R + 3·n_h·S]
}
