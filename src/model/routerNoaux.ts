/**
 * DeepSeek-V3's router (`topk_method: "noaux_tc"`, docs/model.md#deepseek-v3-routing), after
 * DeepSeek-V3 arXiv 2412.19437 eqs. (15)–(16) and its official inference code:
 *
 *   s_{i,t} = Sigmoid(u_tᵀ e_i)                                   affinity, eq. (15)
 *   choice  = s_{i,t} + b_i                                       the bias only chooses, eq. (16)
 *   group score = sum of the two highest choice values in each of n_group contiguous groups;
 *                 the best topk_group groups are kept, the others excluded
 *   chosen  = top-K of choice inside the kept groups
 *   g_{i,t} = s_{i,t} of the chosen (unbiased), ÷ their sum when norm_topk_prob (K > 1),
 *             then × routed_scaling_factor, eq. (13)
 *
 * Like router.ts, the selection is one tf.customGrad with a zero gradient, so the bias never
 * receives a gradient (V3 moves it by its own rule, src/train/lab/biasBalancing.ts) and the router
 * learns through the chosen unbiased scores.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from './config';
import { linear } from './linear';
import { topkMask } from './topk';

/** Stands in for −∞ (an excluded expert); finite, so sums and products stay finite. */
const NEG = -1e30;

export interface NoauxSelection {
  nr: number;
  nGroup: number;
  k: number;
  m: number;
  /** 1 = may be chosen, 0 = disabled; null when none are disabled. [Nr] */
  enabled: number[] | null;
}

/** The tensors of RouterOutput (router.ts), V3's way: probs are the unbiased sigmoid scores, group scores top-2 sums. */
export interface NoauxOutput {
  probs: tf.Tensor2D;
  mask: tf.Tensor2D;
  gates: tf.Tensor2D;
  groupMask: tf.Tensor2D;
  groupScores: tf.Tensor2D;
  /** [Nr] */
  bias: tf.Tensor1D;
}

/**
 * choice = s + b [T, Nr] → concat(mask [T, Nr], groupMask [T, nGroup], groupScores [T, nGroup]).
 * A disabled expert is excluded; a group's score sums its two best selectable choice values (one,
 * if only one is selectable); a group with none is never kept.
 */
function noauxSelector(s: NoauxSelection) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const choice = args[0] as tf.Tensor2D; // [T, Nr]
    const value = tf.tidy(() => {
      const t = choice.shape[0];
      const perGroup = s.nr / s.nGroup;
      const enabled = s.enabled ? tf.greater(tf.tensor2d(s.enabled, [1, s.nr]), 0) : null; // [1, Nr] bool
      const sel = enabled ? tf.where(enabled, choice, tf.fill(choice.shape, NEG)) : choice; // [T, Nr]
      const top2 = tf.topk(tf.reshape(sel, [t, s.nGroup, perGroup]), 2).values; // [T, nGroup, 2]
      const real = tf.greater(top2, NEG / 2); // [T, nGroup, 2] bool
      const groupScores = tf.sum(tf.where(real, top2, tf.zerosLike(top2)), 2) as tf.Tensor2D; // [T, nGroup]
      const hasExpert = tf.cast(tf.slice(real, [0, 0, 0], [t, s.nGroup, 1]), 'float32'); // [T, nGroup, 1]
      const ranked = tf.where(
        tf.greater(tf.reshape(hasExpert, [t, s.nGroup]), 0),
        groupScores,
        tf.fill([t, s.nGroup], NEG),
      ) as tf.Tensor2D; // [T, nGroup]
      const groupMask = tf.mul(topkMask(ranked, s.m), tf.reshape(hasExpert, [t, s.nGroup])) as tf.Tensor2D; // [T, nGroup]
      const inGroups = tf.reshape(tf.mul(tf.expandDims(groupMask, 2), tf.ones([1, 1, perGroup])), [t, s.nr]); // [T, Nr]
      const allowed = enabled ? tf.mul(inGroups, tf.cast(enabled, 'float32')) : inGroups; // [T, Nr]
      const candidates = tf.where(tf.greater(allowed, 0), sel, tf.fill([t, s.nr], NEG)) as tf.Tensor2D; // [T, Nr]
      const mask = s.k <= 0 ? tf.zeros([t, s.nr]) : tf.mul(topkMask(candidates, s.k), allowed); // [T, Nr]
      return tf.concat([mask, groupMask, groupScores], 1); // [T, Nr + 2·nGroup]
    });
    return { value, gradFunc: () => [tf.zerosLike(choice)] };
  });
}

/**
 * Routes x [T, d] with gateW [d, Nr] and the selection bias [Nr] (zeros when null). K and M are
 * already clamped by route(). Call inside a tidy.
 */
export function routeNoaux(
  gateW: tf.Tensor2D,
  x: tf.Tensor2D,
  c: DeepseekV2Config,
  bias: tf.Tensor1D | null,
  s: NoauxSelection,
): NoauxOutput {
  const g = s.nGroup;
  const probs = tf.sigmoid(linear(x, gateW)) as tf.Tensor2D; // [T, Nr]  s, eq. (15)
  const choice = bias ? (tf.add(probs, tf.reshape(bias, [1, s.nr])) as tf.Tensor2D) : probs; // [T, Nr]  s + b
  const packed = noauxSelector(s)(choice) as tf.Tensor2D; // [T, Nr + 2·nGroup]
  const t = probs.shape[0];
  const mask = tf.slice(packed, [0, 0], [t, s.nr]) as tf.Tensor2D; // [T, Nr]
  const groupMask = tf.slice(packed, [0, s.nr], [t, g]) as tf.Tensor2D; // [T, nGroup]
  const groupScores = tf.slice(packed, [0, s.nr + g], [t, g]) as tf.Tensor2D; // [T, nGroup]
  const chosen = tf.mul(probs, mask); // [T, Nr]  unbiased s of the chosen
  const normed = c.norm_topk_prob && s.k > 1 ? tf.div(chosen, tf.add(tf.sum(chosen, 1, true), 1e-20)) : chosen; // [T, Nr]
  const gates = tf.mul(normed, c.routed_scaling_factor) as tf.Tensor2D; // [T, Nr]
  return {
    probs,
    mask,
    gates,
    groupMask,
    groupScores,
    bias: bias ? tf.clone(bias) : tf.zeros([s.nr]), // [Nr]
  };
}
