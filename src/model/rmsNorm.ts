/**
 * RMSNorm (docs/model.md#the-decoder): y = w ⊙ x / sqrt(mean(x²) + ε) over the last axis, in float32.
 * Used for input_layernorm, post_attention_layernorm, model.norm and the two MLA latent norms
 * (q_a_layernorm, kv_a_layernorm), which use the class default ε = 1e-6.
 */
import * as tf from '@tensorflow/tfjs-core';

/** ε of q_a_layernorm and kv_a_layernorm: they are built without passing ε (docs/model.md#the-decoder). */
export const LATENT_NORM_EPS = 1e-6;

/** Normalises `x` [..., n] over its last axis and scales by `weight` [n]. */
export function rmsNorm<T extends tf.Tensor>(x: T, weight: tf.Tensor1D, eps: number): T {
  return tf.tidy(() => {
    const ms = tf.mean(tf.square(x), -1, true); // [..., 1]
    const inv = tf.rsqrt(tf.add(ms, eps)); // [..., 1]
    return tf.mul(tf.mul(x, inv), weight) as T; // [..., n]
  });
}
