/**
 * compareAttention for the fused decode (mla.ts `compare`, docs/webgpu.md): the naive MLA path
 * for the same token, as the reference code computes it (per-head keys k^C_j = W^UK c_j and
 * values W^UV c_j expanded from every cached latent), through o_proj, and
 * max |naive − absorbed| over the layer's attention output, in one dispatch of one workgroup.
 *
 * Output: [pathDiff | scratch n_h·S] (the scratch holds each head's scores, then probabilities).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { f32, program, REDUCE, runProgram, SOFTMAX_IN_PLACE, WG } from './program';
import type { MlaAttentionArgs } from './mlaAttention';

/** pathDiff at [0]; `oProj` is oProjResidual's output ([attended d | attn d]), `oProjW` W^O [n_h·d_v, d]. */
export function naivePathDiff(a: MlaAttentionArgs, oProj: tf.Tensor, oProjW: tf.Tensor2D): tf.Tensor1D {
  const [S, dc] = a.latent.shape;
  const dr = a.ropeKey.shape[1];
  const { heads: H, nope: dh, vDim: dv } = a;
  const d = oProjW.shape[1];
  const nkv = H * (dh + dv);
  const code = `
${REDUCE}
var<workgroup> qr : array<f32, ${dr}>;
var<workgroup> hd : array<f32, ${H * dv}>;
fn main(index : i32) {
  let t = i32(localId.x);
  let S = uniforms.latentShape[0];
  for (var h = 0; h < ${H}; h = h + 1) {
    let qb = ${a.offset} + h * ${dh + dr};
    let wb = h * ${dh + dv};
    for (var r = t; r < ${dr}; r = r + ${WG}) {
      var sw = 0.0;
      if (r % 2 == 0) { sw = -q[qb + ${dh} + r + 1]; } else { sw = q[qb + ${dh} + r - 1]; }
      qr[r] = q[qb + ${dh} + r] * cs[r] + sw * cs[${dr} + r];
    }
    workgroupBarrier();
    let P = 1 + h * S;
    var mx = -3.402823e+38;
    for (var j = t; j < S; j = j + ${WG}) {
      var no = 0.0;
      for (var i = 0; i < ${dh}; i = i + 1) {
        var k = 0.0;
        for (var c = 0; c < ${dc}; c = c + 1) { k = k + latent[j * ${dc} + c] * kvBProj[c * ${nkv} + wb + i]; }
        no = no + q[qb + i] * k;
      }
      var ro = 0.0;
      for (var r = 0; r < ${dr}; r = r + 1) { ro = ro + qr[r] * ropeKey[j * ${dr} + r]; }
      let sc = (no + ro) * ${f32(a.scale)};
      result[P + j] = sc;
      mx = max(mx, sc);
    }
    let m = wgMax(mx);
  ${SOFTMAX_IN_PLACE}
    for (var v = t; v < ${dv}; v = v + ${WG}) {
      var o = 0.0;
      for (var j = 0; j < S; j = j + 1) {
        var val = 0.0;
        for (var c = 0; c < ${dc}; c = c + 1) { val = val + latent[j * ${dc} + c] * kvBProj[c * ${nkv} + wb + ${dh} + v]; }
        o = o + result[P + j] * val;
      }
      hd[h * ${dv} + v] = o;
    }
    workgroupBarrier();
  }
  var worst = 0.0;
  for (var j = t; j < ${d}; j = j + ${WG}) {
    var acc = 0.0;
    for (var k = 0; k < ${H * dv}; k = k + 1) { acc = acc + hd[k] * wo[k * ${d} + j]; }
    worst = max(worst, abs(acc - attn[${d} + j]));
  }
  let w = wgMax(worst);
  if (t == 0) { result[0] = w; }
}`;
  const key = [a.offset, dc, dr, H, dh, dv, d, a.scale];
  const inputs = ['q', 'latent', 'ropeKey', 'kvBProj', 'cs', 'wo', 'attn'];
  const size = 1 + H * S;
  const p = program('naivePathDiff', key, inputs, size, 1, code);
  return runProgram(p, [a.q, a.latent, a.ropeKey, a.kvBProj, a.cs, oProjW, oProj]); // [1 + n_h·S]
}
