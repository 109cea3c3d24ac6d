/**
 * RMSNorm fused into the projection that follows (rmsNorm.ts then linear.ts, docs/webgpu.md):
 *
 *   xn = g ⊙ x / sqrt(mean(x²) + ε)      x: `d` values of X from row·stride + offset
 *   out = [emit | xn·W0 | xn·W1]          emit: x itself, xn, or nothing
 *
 * One thread per output value, WG threads per workgroup; each workgroup first reduces mean(x²)
 * itself. W1 is optional (two projections reading the same normed row, e.g. q and kv_a). W0 may
 * be stored [out, d] (`w0Rows`: the tied LM head reads the embedding table as it is).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { program, REDUCE, rmsInv, runProgram, WG } from './program';

export interface NormMatmulArgs {
  /** the rows the input comes from: [rows, stride] or a packed vector. */
  x: tf.Tensor;
  /** row of x to read (a token id for the embedding table, else 0). */
  row: number;
  /** values per row of x, and where the d input values start in the row. */
  stride: number;
  offset: number;
  /** [d] RMSNorm gain. */
  gain: tf.Tensor1D;
  eps: number;
  /** [d, n0] (or [n0, d] with w0Rows) and an optional second [d, n1]. */
  w0: tf.Tensor2D;
  w0Rows?: boolean;
  w1?: tf.Tensor2D;
  /** copy x ('raw') or xn ('normed') to the front of the output. */
  emit?: 'raw' | 'normed';
}

/** [emit (d or 0) | n0 | n1] for one row, in one dispatch. */
export function normMatmul(a: NormMatmulArgs): tf.Tensor1D {
  const d = a.gain.shape[0];
  const n0 = a.w0Rows ? a.w0.shape[0] : a.w0.shape[1];
  const n1 = a.w1 ? a.w1.shape[1] : 0;
  const e = a.emit ? d : 0;
  const size = e + n0 + n1;
  const w0 = a.w0Rows ? `W0[col * ${d} + i]` : `W0[i * ${n0} + col]`;
  const second = a.w1
    ? `} else {
      let col = o - ${e + n0};
      for (var i = 0; i < ${d}; i = i + 1) { acc = acc + X[base + i] * rinv * G[i] * W1[i * ${n1} + col]; }
    `
    : '';
  const code = `
${REDUCE}
var<private> rinv : f32;
fn main(index : i32) {
  let base = uniforms.row * ${a.stride} + ${a.offset};
  ${rmsInv('X', 'base', d, a.eps)}
  let o = i32(workgroupId.x) * ${WG} + i32(localId.x);
  if (o >= ${size}) { return; }
  if (o < ${e}) {
    ${a.emit === 'normed' ? `result[o] = X[base + o] * rinv * G[o];` : `result[o] = X[base + o];`}
    return;
  }
  var acc = 0.0;
  if (o < ${e + n0}) {
    let col = o - ${e};
    for (var i = 0; i < ${d}; i = i + 1) { acc = acc + X[base + i] * rinv * G[i] * ${w0}; }
  ${second}}
  result[o] = acc;
}`;
  const inputs = ['X', 'G', 'W0', ...(a.w1 ? ['W1'] : [])];
  const key = [a.stride, a.offset, d, n0, n1, a.emit ?? 'none', !!a.w0Rows, a.eps];
  const p = program('normMatmul', key, inputs, size, Math.ceil(size / WG), code, 'row : i32,');
  const tensors = [a.x, a.gain, a.w0, ...(a.w1 ? [a.w1] : [])];
  return runProgram(p, tensors, [{ type: 'int32', data: [a.row] }]); // [emit + n0 + n1]
}
