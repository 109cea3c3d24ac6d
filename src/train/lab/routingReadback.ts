/**
 * What the lab shows about one MoE layer's routing in a training step. The router outputs the
 * losses were computed from are reduced on the device to the counts the shared routing statistics
 * need (src/model/routingStats.ts), packed into one tensor so a step needs a single extra
 * readback, over all N = B·T tokens of the batch:
 *
 *   count_i  = #tokens choosing expert i
 *   Σ_t s_{i,t}
 *   sent_d   = #tokens with at least one chosen expert on device d
 *   groupsMax = most devices any one token reached (never above M = topk_group)
 *
 * (With seq_aux the losses average per-sequence f and P; since every sequence has T tokens, their
 * batch means are exactly the f and P computed here.)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { RouterOutput } from '../../model/router';
import { routingStats, type RoutingCounts, type RoutingShape } from '../../model/routingStats';

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

/** Floats packRouting writes per layer. */
export const packedWidth = (nr: number, nGroup: number) => 2 * nr + nGroup + 1;

/** [counts (Nr), Σ_t s (Nr), sent (D), groupsMax] of one router output. Caller disposes. [2·Nr + D + 1] */
export function packRouting(r: RouterOutput, nGroup: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, nr] = r.mask.shape;
    const counts = tf.sum(r.mask, 0); // [Nr]
    const probSums = tf.sum(r.probs, 0); // [Nr]
    const reachedMask = tf.max(tf.reshape(r.mask, [n, nGroup, nr / nGroup]), 2); // [N, D]  1 if any chosen expert there
    const sent = tf.sum(reachedMask, 0); // [D]
    const groupsMax = tf.reshape(tf.max(tf.sum(reachedMask, 1)), [1]); // [1]
    return tf.concat([counts, probSums, sent, groupsMax]) as tf.Tensor1D; // [2·Nr + D + 1]
  });
}

/** Reads packRouting's layout back and computes f and P with the shared routingStats. */
export function unpackRouting(h: ArrayLike<number>, tokens: number, s: RoutingShape): LayerRoutingStats {
  const a = Array.from(h);
  const { nRouted: nr, nGroup } = s;
  const counts: RoutingCounts = {
    tokens,
    counts: a.slice(0, nr),
    probSums: a.slice(nr, 2 * nr),
    sent: a.slice(2 * nr, 2 * nr + nGroup),
  };
  const { f, P } = routingStats(counts, s);
  return { f, P, groupsMax: a[2 * nr + nGroup], groupsMean: counts.sent.reduce((x, y) => x + y, 0) / tokens };
}
