/**
 * Next-token cross-entropy: mean over all B·T positions of −log softmax(logits)[target].
 *
 * One tf.customGrad: the forward pass is a stable log-sum-exp (the row max is subtracted first)
 * and the target logit is picked by multiplying with a one-hot matrix (no gather, whose gradient
 * the wasm backend lacks); the gradient is written out directly as (softmax − oneHot)/N, one
 * elementwise pass instead of tfjs's chain through logSoftmax, max and gather.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Cross-entropy of `logits` [B, T, V] (or [N, V]) against `targets` [B, T] (or [N]) int32 ids.
 * Returns a scalar: the mean loss in nats per token.
 */
export function lmLoss(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  const V = logits.shape[logits.shape.length - 1];
  const N = logits.size / V;
  if (targets.size !== N) {
    throw new Error(`lmLoss: ${N} logit rows for ${targets.size} targets (shapes ${logits.shape} / ${targets.shape})`);
  }
  const ce = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // int32 one-hot, then cast: the wasm backend's OneHot writes int bits when asked for float32.
    const oneHot = tf.cast(tf.oneHot(tf.reshape(tf.cast(targets, 'int32'), [N]) as tf.Tensor1D, V), 'float32'); // [N, V]
    const z = tf.sub(x, tf.max(x, 1, true)); // [N, V]  ≤ 0, so exp never overflows
    const e = tf.exp(z); // [N, V]
    const sumE = tf.sum(e, 1, true); // [N, 1]
    const picked = tf.sum(tf.mul(z, oneHot), 1, true); // [N, 1]  z[target]
    const value = tf.mean(tf.sub(tf.log(sumE), picked)) as tf.Scalar; // []
    save([e, sumE, oneHot]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [es, ss, oh] = saved;
        const probs = tf.div(es, ss); // [N, V]  softmax
        return [tf.mul(tf.sub(probs, oh), tf.div(dy, N))]; // [N, V]
      },
    };
  });
  return tf.tidy(() => ce(tf.reshape(logits, [N, V]) as tf.Tensor2D) as tf.Scalar); // []
}
