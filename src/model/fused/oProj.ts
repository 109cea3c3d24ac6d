/**
 * o_proj and the residual add after attention (mla.ts, decoderLayer.ts; docs/webgpu.md):
 * attn = heads·W^O, attended = x + attn. One thread per output column.
 * Output, packed: [attended d | attn d].
 */
import type * as tf from '@tensorflow/tfjs-core';
import { program, runProgram, WG } from './program';

/** x: `d` values of packed `x` from `xOffset`; heads: n_h·d_v values from the front of `att`. */
export function oProjResidual(x: tf.Tensor, xOffset: number, att: tf.Tensor, oProj: tf.Tensor2D): tf.Tensor1D {
  const [k, d] = oProj.shape;
  const code = `
fn main(index : i32) {
  let j = i32(workgroupId.x) * ${WG} + i32(localId.x);
  if (j >= ${d}) { return; }
  var acc = 0.0;
  for (var i = 0; i < ${k}; i = i + 1) { acc = acc + att[i] * w[i * ${d} + j]; }
  result[j] = x[${xOffset} + j] + acc;
  result[${d} + j] = acc;
}`;
  const p = program('oProj', [xOffset, k, d], ['x', 'att', 'w'], 2 * d, Math.ceil(d / WG), code);
  return runProgram(p, [x, att, oProj]); // [2·d]
}
