/**
 * Token embedding lookup with a gradient on every backend. The forward pass is a gather; the
 * gradient is oneHot(ids)ᵀ·dy as one plain 2-D matMul, because the wasm backend has no
 * UnsortedSegmentSum kernel (the gather gradient) and is fast only for plain 2-D matMuls.
 */
import * as tf from '@tensorflow/tfjs-core';
import { linear } from './linear';

/** Rows of `table` [V, d] for `ids` [N] (int32): [N, d]. */
export function embedLookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const V = table.shape[0];
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [e, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([ids]);
    return {
      value: tf.gather(e, ids), // [N, d]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        // int32 oneHot, then cast: wasm's OneHot kernel ignores a float32 dtype (writes int bits).
        const oneHotT = tf.transpose(tf.cast(tf.oneHot(saved[0] as tf.Tensor1D, V), 'float32')); // [V, N]
        return [linear(oneHotT as tf.Tensor2D, dy as tf.Tensor2D)]; // [V, d]
      },
    };
  });
  return lookup(table) as tf.Tensor2D; // [N, d]
}
