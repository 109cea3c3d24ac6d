/**
 * The DeepSeekMoE router (`mlp.gate`, docs/model.md#router): softmax affinities over all routed
 * experts, greedy or group-limited top-K selection, and the gate values.
 *
 * Everything stays on the device (tf.topk + one-hot sums, no host readback), so decoding on
 * WebGPU stays async. tf.topk has no gradient in tfjs, so the whole selection runs inside one
 * tf.customGrad whose gradient is zero: the tape sees a single constant-valued node, and the
 * router learns only through the chosen probabilities (as torch's topk values do) and the aux loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config, ScoringFunc } from './config';
import { linear } from './linear';
import { routeNoaux } from './routerNoaux';
import { tidyObject } from './tidy';
import { topkMask } from './topk';

/** Interventions the UI can apply to routing. */
export interface RouteOptions {
  /** K override (experts per token); clamped to [0, experts in the M reachable groups]. */
  topK?: number;
  /** M override (groups per token) for group-limited routing; clamped to [1, n_group]. */
  topkGroup?: number;
  /** experts that may not be chosen; they still take part in the softmax. */
  disabledExperts?: number[];
}

export interface RouterOutput {
  /** s: softmax affinities over all routed experts, float32, differentiable. [T, Nr] */
  probs: tf.Tensor2D;
  /** 1 for the chosen experts, else 0; a constant (no gradient flows into it). [T, Nr] */
  mask: tf.Tensor2D;
  /** g: s·mask, renormalised (norm_topk_prob, K > 1) or × routed_scaling_factor. [T, Nr] */
  gates: tf.Tensor2D;
  /** 1 for the groups (devices) picked by group-limited routing; for greedy, those holding a chosen expert. [T, nGroup] */
  groupMask: tf.Tensor2D;
  /** max selectable affinity in each group (disabled experts count as 0); constant. [T, nGroup] */
  groupScores: tf.Tensor2D;
  /** the K actually used (the override, clamped to what the reachable groups hold). */
  k: number;
  /** the M actually used: topk_group (or its override) for group-limited routing, else n_group. */
  topkGroup: number;
  /** how s was scored: V2's softmax (absent) or V3's sigmoid (docs/model.md#deepseek-v3-routing). */
  scoring?: ScoringFunc;
  /** V3: the selection bias b added to s to choose experts (a copy the output owns). [Nr] */
  bias?: tf.Tensor1D;
}

/** N_r, checked: routing needs an MoE config. */
export function nRouted(c: DeepseekV2Config): number {
  if (c.n_routed_experts === null) throw new Error('router: config has no routed experts');
  return c.n_routed_experts;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

interface Selection {
  nr: number;
  nGroup: number;
  k: number;
  m: number;
  groupLimited: boolean;
  /** 1 = may be chosen, 0 = disabled; null when none are disabled. [Nr] */
  enabled: number[] | null;
}

/**
 * The non-differentiable part: probs [T, Nr] → concat(mask, groupMask, groupScores) along
 * axis 1, [T, Nr + 2·nGroup]. One customGrad output, because customGrad returns one tensor.
 */
function selector(s: Selection) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const probs = args[0] as tf.Tensor2D; // [T, Nr]
    const value = tf.tidy(() => {
      const t = probs.shape[0];
      const perGroup = s.nr / s.nGroup;
      const enabled = s.enabled ? tf.tensor2d(s.enabled, [1, s.nr]) : null; // [1, Nr]
      const sel = enabled ? tf.mul(probs, enabled) : probs; // [T, Nr]  disabled → 0
      const groupScores = tf.max(tf.reshape(sel, [t, s.nGroup, perGroup]), 2) as tf.Tensor2D; // [T, nGroup]
      let groupMask: tf.Tensor2D | null = null; // [T, nGroup]
      let allowed: tf.Tensor2D | null = enabled as tf.Tensor2D | null; // [1 | T, Nr]
      if (s.groupLimited) {
        const hasExpert = tf.cast(tf.greater(groupScores, 0), 'float32'); // [T, nGroup]
        groupMask = tf.mul(topkMask(groupScores, s.m), hasExpert) as tf.Tensor2D; // [T, nGroup]
        const perExpert = tf.mul(tf.expandDims(groupMask, 2), tf.ones([1, 1, perGroup])); // [T, nGroup, perGroup]
        const inGroups = tf.reshape(perExpert, [t, s.nr]) as tf.Tensor2D; // [T, Nr]
        allowed = allowed ? (tf.mul(inGroups, allowed) as tf.Tensor2D) : inGroups; // [T, Nr]
      }
      const candidates = allowed ? tf.mul(sel, allowed) : sel; // [T, Nr]  not allowed → 0
      const top = topkMask(candidates as tf.Tensor2D, s.k); // [T, Nr]
      const mask = allowed ? tf.mul(top, allowed) : top; // [T, Nr]  drops 0-score fillers when K > allowed
      // greedy: the groups the chosen experts sit in
      groupMask ??= tf.max(tf.reshape(mask, [t, s.nGroup, perGroup]), 2) as tf.Tensor2D; // [T, nGroup]
      return tf.concat([mask, groupMask, groupScores], 1); // [T, Nr + 2·nGroup]
    });
    return { value, gradFunc: () => [tf.zerosLike(probs)] };
  });
}

/** M (groups per token) and K (experts per token) after the overrides, clamped to what the groups hold. */
export function routeCounts(c: DeepseekV2Config, opts: RouteOptions = {}): { k: number; m: number } {
  // every method but greedy keeps topk_group groups (V2's group_limited_greedy, V3's noaux_tc)
  const m = c.topk_method !== 'greedy' ? clamp(opts.topkGroup ?? c.topk_group, 1, c.n_group) : c.n_group;
  const k = clamp(opts.topK ?? c.num_experts_per_tok, 0, (m * nRouted(c)) / c.n_group); // at most what M groups hold
  return { k, m };
}

/**
 * Routes tokens x [T, d] with the router weight gateW [d, Nr] (`mlp.gate.weight`, transposed).
 * Greedy: top-K of s. Group-limited greedy: group score = max s in each contiguous block of
 * Nr/n_group experts, keep the top topk_group groups, then top-K among their experts.
 */
export function route(
  gateW: tf.Tensor2D,
  x: tf.Tensor2D,
  c: DeepseekV2Config,
  opts: RouteOptions = {},
  bias: tf.Tensor1D | null = null,
): RouterOutput {
  const nr = nRouted(c);
  if (gateW.shape[1] !== nr) throw new Error(`router: gate has ${gateW.shape[1]} experts, config says ${nr}`);
  const groupLimited = c.topk_method !== 'greedy';
  const { k, m } = routeCounts(c, opts);
  let enabled: number[] | null = null;
  if (opts.disabledExperts && opts.disabledExperts.length > 0) {
    enabled = new Array<number>(nr).fill(1);
    for (const e of opts.disabledExperts) {
      if (!Number.isInteger(e) || e < 0 || e >= nr) throw new RangeError(`router: no expert ${e} (N_r = ${nr})`);
      enabled[e] = 0;
    }
  }
  if (c.scoring_func === 'sigmoid') {
    const out = tidyObject(() => routeNoaux(gateW, x, c, bias, { nr, nGroup: c.n_group, k, m, enabled }));
    return { ...out, k, topkGroup: m, scoring: 'sigmoid' };
  }
  const select = selector({ nr, nGroup: c.n_group, k, m, groupLimited, enabled });
  const g = c.n_group;
  return tf.tidy(() => {
    const logits = linear(x, gateW); // [T, Nr]
    const probs = tf.softmax(logits) as tf.Tensor2D; // [T, Nr]
    const packed = select(probs) as tf.Tensor2D; // [T, Nr + 2·nGroup]
    const t = probs.shape[0];
    const mask = tf.slice(packed, [0, 0], [t, nr]) as tf.Tensor2D; // [T, Nr]
    const groupMask = tf.slice(packed, [0, nr], [t, g]) as tf.Tensor2D; // [T, nGroup]
    const groupScores = tf.slice(packed, [0, nr + g], [t, g]) as tf.Tensor2D; // [T, nGroup]
    const chosen = tf.mul(probs, mask); // [T, Nr]
    const gates =
      c.norm_topk_prob && k > 1
        ? tf.div(chosen, tf.add(tf.sum(chosen, 1, true), 1e-20)) // [T, Nr]
        : tf.mul(chosen, c.routed_scaling_factor); // [T, Nr]
    return { probs, mask, gates: gates as tf.Tensor2D, groupMask, groupScores, k, topkGroup: m };
  });
}

/** Disposes every tensor of a router output. */
export function disposeRouterOutput(r: RouterOutput): void {
  tf.dispose([r.probs, r.mask, r.gates, r.groupMask, r.groupScores, ...(r.bias ? [r.bias] : [])]);
}

/** A copy of a router output whose tensors the caller owns (for a trace that outlives the routers). */
export function cloneRouterOutput(r: RouterOutput): RouterOutput {
  return {
    ...r,
    probs: tf.clone(r.probs),
    mask: tf.clone(r.mask),
    gates: tf.clone(r.gates),
    groupMask: tf.clone(r.groupMask),
    groupScores: tf.clone(r.groupScores),
    ...(r.bias ? { bias: tf.clone(r.bias) } : {}),
  };
}
