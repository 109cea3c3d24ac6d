/**
 * The one place a weight matrix meets an activation.
 *
 * Weights are held in [in, out] layout ("transposed" relative to PyTorch's [out, in]; the loader
 * transposes), so the forward pass is a plain 2-D matMul. The gradient is written out with
 * explicit transposes: tfjs's wasm backend is fast only for untransposed 2-D matMuls, and its
 * default gradient uses the transpose flags (measured about 6x slower to train without this).
 */
import * as tf from '@tensorflow/tfjs-core';

const matMulPlain = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const y = tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D); // [T, out]
  save([x, w]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dx = tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)); // [T, in]
      const dw = tf.matMul(tf.transpose(xs), dy as tf.Tensor2D); // [in, out]
      return [dx, dw];
    },
  };
});

/** y = x · W for x [T, in] and W [in, out] (PyTorch's x · W_ptᵀ). */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return matMulPlain(x, w) as tf.Tensor2D; // [T, out]
}
