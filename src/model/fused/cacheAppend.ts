/**
 * One row appended to a layer's latent KV cache slot (kvCache.ts, docs/webgpu.md), computing the
 * new row on the way:
 *
 *   latent:   [S−1, d_c]   + c^KV = kv_a_layernorm(c^KV pre-norm)          → [S, d_c]
 *   ropeKey:  [S−1, d_h^R] + k^R  = RoPE(k^R pre-RoPE) at position S−1     → [S, d_h^R]
 *
 * The pre-norm / pre-RoPE row is read from a packed vector at `offset`. One thread per output
 * value; the norm's mean(x²) is reduced by each workgroup.
 */
import * as tf from '@tensorflow/tfjs-core';
import { program, REDUCE, rmsInv, runProgram, WG } from './program';

/** [S, d_c]: the cached latents plus kv_a_layernorm of src[offset … offset + d_c). */
export function appendLatent(old: tf.Tensor2D, src: tf.Tensor, offset: number, gain: tf.Tensor1D, eps: number) {
  const [s0, w] = old.shape;
  const size = (s0 + 1) * w;
  const code = `
${REDUCE}
var<private> rinv : f32;
fn main(index : i32) {
  ${rmsInv('src', `${offset}`, w, eps)}
  let o = i32(workgroupId.x) * ${WG} + i32(localId.x);
  let n = uniforms.oldShape[0] * ${w};
  if (o < n) { result[o] = old[o]; return; }
  if (o >= n + ${w}) { return; }
  let j = o - n;
  result[o] = src[${offset} + j] * rinv * gain[j];
}`;
  const p = program('appendLatent', [offset, w, eps], ['old', 'src', 'gain'], size, Math.ceil(size / WG), code);
  return tf.reshape(runProgram(p, [old, src, gain]), [s0 + 1, w]) as tf.Tensor2D; // [S, d_c]
}

/**
 * [S, d_h^R]: the cached RoPE keys plus src[offset … offset + d_h^R) rotated by cs = [cos; sin]
 * [2, d_h^R] (rope.ts: y = x ⊙ cos + (x·P) ⊙ sin, (x·P)_2i = −x_2i+1, (x·P)_2i+1 = x_2i).
 */
export function appendRopeKey(old: tf.Tensor2D, src: tf.Tensor, offset: number, cs: tf.Tensor2D) {
  const [s0, w] = old.shape;
  const size = (s0 + 1) * w;
  const code = `
fn main(index : i32) {
  let o = i32(workgroupId.x) * ${WG} + i32(localId.x);
  let n = uniforms.oldShape[0] * ${w};
  if (o < n) { result[o] = old[o]; return; }
  if (o >= n + ${w}) { return; }
  let j = o - n;
  let x = src[${offset} + j];
  var sw = 0.0;
  if (j % 2 == 0) { sw = -src[${offset} + j + 1]; } else { sw = src[${offset} + j - 1]; }
  result[o] = x * cs[j] + sw * cs[${w} + j];
}`;
  const p = program('appendRopeKey', [offset, w], ['old', 'src', 'cs'], size, Math.ceil(size / WG), code);
  return tf.reshape(runProgram(p, [old, src, cs]), [s0 + 1, w]) as tf.Tensor2D; // [S, d_h^R]
}
