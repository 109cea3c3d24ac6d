/**
 * What the lab shows about one MoE layer's routing in a training step, packed into one tensor so a
 * step needs a single extra readback:
 *
 *   f_i   = N_r/(K·N)·#tokens choosing expert i      (DeepSeek-V2 eqs. (23)–(25); mean over i is 1)
 *   P_i   = mean_t s_{i,t}                          (DeepSeek-V2 eqs. (23)–(25))
 *   groups reached by token t = #devices holding at least one of its chosen experts (DeepSeek-V2 eqs. (29)–(31))
 *
 * over all N = B·T tokens of the batch. (With seq_aux the losses average per-sequence f and P;
 * since every sequence has T tokens, their batch means are exactly these f and P.)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RouterOutput } from '../../model/router';

/** One layer's routing numbers on the host. */
export interface LayerRoutingStats {
  /** f_i: load of each routed expert, 1 = fair share. [Nr] */
  f: number[];
  /** P_i: mean router probability of each routed expert. [Nr] */
  P: number[];
  /** most groups (devices) any token reached. */
  groupsMax: number;
  /** mean groups reached per token. */
  groupsMean: number;
}

/** [f (Nr), P (Nr), groupsMax, groupsMean] of one router output. Caller disposes. [2·Nr + 2] */
export function packRoutingStats(r: RouterOutput, nGroup: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, nr] = r.mask.shape;
    const f = tf.mul(tf.sum(r.mask, 0), nr / (r.k * n)); // [Nr]
    const P = tf.mean(r.probs, 0); // [Nr]
    const sent = tf.max(tf.reshape(r.mask, [n, nGroup, nr / nGroup]), 2); // [N, D]  1 if any chosen expert there
    const reached = tf.sum(sent, 1); // [N]
    return tf.concat([f, P, tf.stack([tf.max(reached), tf.mean(reached)])]) as tf.Tensor1D; // [2·Nr + 2]
  });
}

/** Reads packRoutingStats' layout back. */
export function unpackRoutingStats(h: ArrayLike<number>, nr: number): LayerRoutingStats {
  const a = Array.from(h);
  return { f: a.slice(0, nr), P: a.slice(nr, 2 * nr), groupsMax: a[2 * nr], groupsMean: a[2 * nr + 1] };
}

/** max_i f_i / mean_i f_i: 1 when balanced, N_r/K when every token picks the same K experts. */
export function maxOverMean(f: readonly number[]): number {
  const mean = f.reduce((a, b) => a + b, 0) / f.length;
  return mean > 0 ? Math.max(...f) / mean : 0;
}

/** Entropy of the load distribution f/Σf in bits: log2(N_r) when balanced, log2(K) when collapsed onto K experts. */
export function loadEntropy(f: readonly number[]): number {
  const total = f.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return 0;
  return -f.reduce((h, x) => (x > 0 ? h + (x / total) * Math.log2(x / total) : h), 0);
}

/** Share of all token–expert assignments taken by the `n` busiest experts (0 … 1). */
export function topShare(f: readonly number[], n: number): number {
  const total = f.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return 0;
  return (
    [...f]
      .sort((a, b) => b - a)
      .slice(0, n)
      .reduce((a, b) => a + b, 0) / total
  );
}
