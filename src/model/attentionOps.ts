/**
 * Tensor helpers both attention kinds share: MLA's two paths (mlaPaths.ts) and the MHA baseline
 * (mha.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Batched a·b for a [n, m, k], b [n, k, p], with an explicit-transpose gradient (see linear.ts). */
export const bmm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
  const y = tf.matMul(a, b); // [n, m, p]
  save([a, b]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [as, bs] = saved as [tf.Tensor3D, tf.Tensor3D];
      const da = tf.matMul(dy as tf.Tensor3D, tf.transpose(bs, [0, 2, 1])); // [n, m, k]
      const db = tf.matMul(tf.transpose(as, [0, 2, 1]), dy as tf.Tensor3D); // [n, k, p]
      return [da, db];
    },
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

/** [T, S] additive causal mask: 0 where key j ≤ start + t, else a large negative number. */
export function causalMask(T: number, S: number, start: number): tf.Tensor2D {
  const m = new Float32Array(T * S);
  for (let t = 0; t < T; t++) for (let j = start + t + 1; j < S; j++) m[t * S + j] = -1e9;
  return tf.tensor2d(m, [T, S]); // [T, S]
}
