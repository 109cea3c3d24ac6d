/** The top-k selection both routers share (router.ts, routerNoaux.ts). */
import * as tf from '@tensorflow/tfjs-core';

/** 0/1 float mask of the top-k entries of each row of scores [T, n]. */
export function topkMask(scores: tf.Tensor2D, k: number): tf.Tensor2D {
  const [t, n] = scores.shape;
  if (k >= n) return tf.ones([t, n]); // [T, n]
  if (k <= 0) return tf.zeros([t, n]); // [T, n]
  const { indices } = tf.topk(scores, k); // [T, k] int32
  // Compare every id with the k chosen ones and reduce over the last axis, selecting float 1/0:
  // no int tensor is ever transposed (tfjs-webgpu's TransposeProgram writes i32 into an f32
  // output, which Chrome ≥ 141 rejects, voiding the whole command buffer; tfjs#8638), and no
  // OneHot (wasm's ignores a float32 dtype).
  const ids = tf.reshape(tf.range(0, n, 1, 'int32'), [1, n, 1]); // [1, n, 1]
  const hit = tf.equal(tf.expandDims(indices, 1), ids); // [T, n, k] bool
  return tf.max(tf.where(hit, tf.scalar(1), tf.scalar(0)), 2) as tf.Tensor2D; // [T, n] float32
}
