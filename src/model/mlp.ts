/**
 * The SwiGLU feed-forward block: `down(silu(gate(x)) ⊙ up(x))`, no biases (docs/model.md#the-decoder).
 * Used by the dense layers, by the shared experts (one MLP of width N_s·d_ff^e, docs/model.md#deepseekmoe)
 * and, stacked side by side, by all routed experts at once (moe.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { linear } from './linear';

/** One SwiGLU MLP, weights in [in, out] layout (the loader transposes Hugging Face's [out, in]). */
export interface MlpParams {
  /** `gate_proj`: [d, ff]. */
  gateProj: tf.Tensor2D;
  /** `up_proj`: [d, ff]. */
  upProj: tf.Tensor2D;
  /** `down_proj`: [ff, d]. */
  downProj: tf.Tensor2D;
}

/** The gated hidden activations silu(x·W_gate) ⊙ (x·W_up), before `down_proj`. */
export function mlpHidden(p: MlpParams, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const g = linear(x, p.gateProj); // [T, ff]
    const u = linear(x, p.upProj); // [T, ff]
    return tf.mul(tf.mul(g, tf.sigmoid(g)), u) as tf.Tensor2D; // [T, ff]  silu(g)·u
  });
}

/** y = down(silu(gate(x)) ⊙ up(x)) for x [T, d]. */
export function mlp(p: MlpParams, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => linear(mlpHidden(p, x), p.downProj)); // [T, d]
}
