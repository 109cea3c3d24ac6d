/**
 * The GRPO objective on tensors (DeepSeekMath eqs. (3)–(4)), per token:
 *
 *   ρ = exp(logπ_θ − logπ_θold)
 *   surrogate = min(ρ·Â, clip(ρ, 1−ε, 1+ε)·Â)
 *   KL (k3)   = exp(Δ) − Δ − 1,  Δ = logπ_ref − logπ_θ   (≥ 0; 0 when π_θ = π_ref)
 *   loss      = −Σ_tokens w · (surrogate − β·KL)
 *
 * with w = 1 / (|o_i| · outputs) on output tokens and 0 elsewhere: the mean over each output's
 * tokens, then over the outputs (as DeepSeekMath writes its eq. (3)).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * log softmax(logits)[target] per position: logits [N, T, V], targets [N, T] int32 → [N, T].
 * A stable log-sum-exp and a one-hot pick (no gather, whose gradient wasm lacks); the gradient is
 * written out as dy·(oneHot − softmax), one elementwise pass.
 */
export function tokenLogProbs(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  const [N, T, V] = logits.shape;
  const pick = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const oneHot = tf.cast(tf.oneHot(tf.reshape(tf.cast(targets, 'int32'), [N * T]) as tf.Tensor1D, V), 'float32'); // [N·T, V]
    const z = tf.sub(x, tf.max(x, 1, true)); // [N·T, V]  ≤ 0
    const e = tf.exp(z); // [N·T, V]
    const sumE = tf.sum(e, 1, true); // [N·T, 1]
    const value = tf.sub(tf.sum(tf.mul(z, oneHot), 1), tf.reshape(tf.log(sumE), [N * T])); // [N·T]
    save([e, sumE, oneHot]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [es, ss, oh] = saved;
        return [tf.mul(tf.sub(oh, tf.div(es, ss)), tf.reshape(dy, [N * T, 1]))]; // [N·T, V]
      },
    };
  });
  return tf.tidy(() => tf.reshape(pick(tf.reshape(logits, [N * T, V]) as tf.Tensor2D), [N, T]) as tf.Tensor2D); // [N, T]
}

/** k3 estimator of KL(π_θ‖π_ref) per token from log-probs: exp(Δ) − Δ − 1, Δ = ref − logp. */
export function k3Kl(logp: tf.Tensor, refLogp: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const delta = tf.sub(refLogp, logp);
    return tf.sub(tf.sub(tf.exp(delta), delta), 1);
  });
}

export interface ObjectiveInputs {
  /** log π_θ of each output token, with gradient. [N, T] */
  logp: tf.Tensor2D;
  /** log π_θold (the policy that sampled). [N, T] */
  oldLogp: tf.Tensor2D;
  /** log π_ref. [N, T] */
  refLogp: tf.Tensor2D;
  /** Â per token. [N, T] */
  advantages: tf.Tensor2D;
  /** 1/(|o_i|·outputs) on output tokens, 0 on the prompt and padding. [N, T] */
  weights: tf.Tensor2D;
  /** clip range ε. */
  epsilon: number;
  /** KL coefficient β. */
  beta: number;
}

export interface ObjectiveTerms {
  /** the scalar to minimise. [] */
  loss: tf.Scalar;
  /** ρ per token. [N, T] */
  ratio: tf.Tensor2D;
  /** 1 where the clipped branch is taken and differs: Â > 0 and ρ > 1+ε, or Â < 0 and ρ < 1−ε. [N, T] */
  clipped: tf.Tensor2D;
  /** k3 KL per token. [N, T] */
  kl: tf.Tensor2D;
  /** Σ w·KL: the loss-weighted mean KL. [] */
  meanKl: tf.Scalar;
}

/** The per-token GRPO terms and the loss (see the file comment). */
export function grpoObjective(x: ObjectiveInputs): ObjectiveTerms {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(x.logp, x.oldLogp)) as tf.Tensor2D; // [N, T]
    const unclipped = tf.mul(ratio, x.advantages); // [N, T]
    const clippedRatio = tf.clipByValue(ratio, 1 - x.epsilon, 1 + x.epsilon); // [N, T]
    const surrogate = tf.minimum(unclipped, tf.mul(clippedRatio, x.advantages)); // [N, T]
    const kl = k3Kl(x.logp, x.refLogp) as tf.Tensor2D; // [N, T]
    const perToken = tf.sub(surrogate, tf.mul(kl, x.beta)); // [N, T]
    const loss = tf.neg(tf.sum(tf.mul(perToken, x.weights))) as tf.Scalar; // []
    const upper = tf.logicalAnd(tf.greater(x.advantages, 0), tf.greater(ratio, 1 + x.epsilon));
    const lower = tf.logicalAnd(tf.less(x.advantages, 0), tf.less(ratio, 1 - x.epsilon));
    const clipped = tf.cast(tf.logicalOr(upper, lower), 'float32') as tf.Tensor2D; // [N, T]
    const meanKl = tf.sum(tf.mul(kl, x.weights)) as tf.Scalar; // []
    return { loss, ratio, clipped, kl, meanKl };
  });
}
