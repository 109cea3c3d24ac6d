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

/** x in `shape`, or x itself when it already has it (a reshape is a kernel, and a dispatch on some backends). */
export function reshapeTo<R extends tf.Rank = tf.Rank>(x: tf.Tensor, shape: number[]): tf.Tensor<R> {
  const same = x.shape.length === shape.length && x.shape.every((n, i) => n === shape[i]);
  return (same ? x : tf.reshape(x, shape)) as unknown as tf.Tensor<R>;
}

/** True when transposing x by `perm` only moves axes of size 1: the data keeps its order. */
function orderKept(shape: number[], perm: number[]): boolean {
  const moved = perm.filter((axis) => shape[axis] !== 1);
  return moved.every((axis, i) => i === 0 || axis > moved[i - 1]);
}

/**
 * transpose(x, perm) reshaped to `shape`, as one reshape when the transpose would not move any
 * data (a single sequence, a single query: the common decode step), else transpose then reshape.
 * With `view`, x is first seen in that shape (the transpose's input), without a reshape of its own
 * when none is needed.
 */
export function permuteTo<R extends tf.Rank>(
  x: tf.Tensor,
  perm: number[],
  shape: number[],
  view?: number[],
): tf.Tensor<R> {
  const seen = view ?? x.shape;
  if (orderKept(seen, perm)) return reshapeTo<R>(x, shape);
  return reshapeTo<R>(tf.transpose(reshapeTo(x, seen), perm), shape);
}

/** causalMask added to scores [..., T, S], or the scores themselves when no key is masked (a decode step sees every key). */
export function addCausalMask<T extends tf.Tensor>(scores: T, queries: number, keys: number, start: number): T {
  if (start >= keys - 1) return scores; // query 0 already sees key S − 1
  return tf.add(scores, causalMask(queries, keys, start)) as T;
}
