/**
 * DeepSeekMoE feed-forward (DeepSeek-V2 eqs. (20)–(22)): shared experts plus fine-grained routed experts.
 *
 * All N_r routed experts are stored side by side as one wide SwiGLU MLP (expert e owns hidden
 * units [e·ffe, (e+1)·ffe)), and every expert runs on every token as 3 plain 2-D matMuls; the
 * hidden units are scaled by the dense gate matrix, which is 0 off the top-K (docs/model.md#deepseekmoe).
 * This is exact and fast on wasm, whose matMul is quick only for plain 2-D inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config, ScoringFunc } from './config';
import { linear } from './linear';
import { tidyObject } from './tidy';
import { mlp, mlpHidden, type MlpParams } from './mlp';
import { disposeRouterOutput, nRouted, route, type RouteOptions, type RouterOutput } from './router';
import { planDrops, type DropReport, type DroppingOptions } from './routingStats';

export { planDrops, type DropReport, type DroppingOptions };

export interface MoeParams {
  /** `mlp.gate.weight` transposed: router centroids as columns. [d, Nr] */
  gate: tf.Tensor2D;
  /** V3's `mlp.gate.e_score_correction_bias` b: added to the scores only to choose experts; null (or absent) for V2. [Nr] */
  eScoreCorrectionBias?: tf.Tensor1D | null;
  /** all routed experts stacked: gateProj/upProj [d, Nr·ffe], downProj [Nr·ffe, d]. */
  experts: MlpParams;
  /** `mlp.shared_experts`, one MLP of width N_s·ffe; null when N_s = 0. */
  sharedExperts: MlpParams | null;
}

export interface MoeOptions extends RouteOptions {
  /** also return the tensors a trace needs (readMoeTrace); off = nothing extra is computed. */
  record?: boolean;
  /** intervention: skip the shared experts. */
  disableShared?: boolean;
  /** token dropping, training only (docs/model.md#token-dropping); reads the routing back to the host. */
  dropping?: DroppingOptions;
}

export interface MoeOutput {
  /** routed + shared contributions (the residual is added by the decoder layer). [T, d] */
  y: tf.Tensor2D;
  router: RouterOutput;
  /** ‖routed contribution‖₂ per token, only when recording. [T] */
  routedNorm?: tf.Tensor1D;
  /** ‖shared contribution‖₂ per token (0 when disabled), only when recording. [T] */
  sharedNorm?: tf.Tensor1D;
  /** what token dropping removed, only when dropping. */
  dropped?: DropReport;
}

/** DeepSeekMoE on x [T, d]: y = Σ_e g_e·Expert_e(x) + SharedExperts(x). */
export function moe(p: MoeParams, x: tf.Tensor2D, c: DeepseekV2Config, opts: MoeOptions = {}): MoeOutput {
  const nr = nRouted(c);
  const ffe = c.moe_intermediate_size;
  const t = x.shape[0];
  return tidyObject(() => {
    const router = route(p.gate, x, c, opts, p.eScoreCorrectionBias ?? null);
    let gates: tf.Tensor2D = router.gates; // [T, Nr]
    let dropped: DropReport | undefined;
    if (opts.dropping) {
      const plan = planDrops(
        router.mask.dataSync(),
        router.probs.dataSync(),
        t,
        nr,
        c.n_group,
        router.k,
        opts.dropping,
      );
      gates = tf.mul(gates, tf.tensor2d(plan.keep, [t, nr])); // [T, Nr]  dropped pairs → 0
      dropped = plan.report;
    }
    const h = mlpHidden(p.experts, x); // [T, Nr·ffe]
    const scaled = tf.mul(tf.reshape(h, [t, nr, ffe]), tf.expandDims(gates, 2)); // [T, Nr, ffe]
    const routed = linear(tf.reshape(scaled, [t, nr * ffe]) as tf.Tensor2D, p.experts.downProj); // [T, d]
    const shared = p.sharedExperts && !opts.disableShared ? mlp(p.sharedExperts, x) : null; // [T, d]
    const y = shared ? (tf.add(routed, shared) as tf.Tensor2D) : routed; // [T, d]
    const out: MoeOutput = { y, router };
    if (opts.record) {
      out.routedNorm = tf.norm(routed, 'euclidean', 1) as tf.Tensor1D; // [T]
      out.sharedNorm = shared ? (tf.norm(shared, 'euclidean', 1) as tf.Tensor1D) : tf.zeros([t]); // [T]
    }
    if (dropped) out.dropped = dropped;
    return out;
  });
}

/** Disposes every tensor of an MoE output. */
export function disposeMoeOutput(out: MoeOutput): void {
  disposeRouterOutput(out.router);
  tf.dispose([out.y, ...(out.routedNorm ? [out.routedNorm] : []), ...(out.sharedNorm ? [out.sharedNorm] : [])]);
}

/** What one MoE layer did to each token, as plain arrays for the views (no tensors). */
export interface MoeTrace {
  /** how the affinities were scored: softmax (V2) or sigmoid (V3, with a selection bias). */
  scoring: ScoringFunc;
  /** V3: the bias b_i added to s to choose experts (not to the gate weights); null for V2. [Nr] */
  bias: number[] | null;
  /** s: router affinities (V3: the unbiased sigmoid scores). [T][Nr] */
  probs: number[][];
  /** V2: max selectable affinity per group (device); V3: the sum of its two highest s + b. [T][nGroup] */
  groupScores: number[][];
  /** groups picked by group-limited routing (greedy: those holding a chosen expert), ascending. [T][≤M] */
  selectedGroups: number[][];
  /** chosen expert ids, by gate weight descending. [T][≤K] */
  experts: number[][];
  /** gate weights of `experts`, same order (before any token dropping). [T][≤K] */
  gates: number[][];
  /** ‖shared contribution‖₂. [T] */
  sharedNorm: number[];
  /** ‖routed contribution‖₂. [T] */
  routedNorm: number[];
  /** (token, expert) pairs removed by token dropping; empty when dropping is off. */
  dropped: Array<[number, number]>;
}

function rows(a: Float32Array | Int32Array | Uint8Array, n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += n) out.push(Array.from(a.subarray(i, i + n)));
  return out;
}

/** Downloads a recorded MoE output (moe with record: true) into a MoeTrace; creates no tensors. */
export async function readMoeTrace(out: MoeOutput): Promise<MoeTrace> {
  if (!out.routedNorm || !out.sharedNorm) throw new Error('readMoeTrace: run moe with { record: true }');
  const r = out.router;
  const [nr, g] = [r.probs.shape[1], r.groupMask.shape[1]];
  const [probs, groupScores, groupMask, mask, gates, sharedNorm, routedNorm] = await Promise.all(
    [r.probs, r.groupScores, r.groupMask, r.mask, r.gates, out.sharedNorm, out.routedNorm].map((x) => x.data()),
  );
  const bias = r.bias ? Array.from(await r.bias.data()) : null;
  const dropped = out.dropped ? out.dropped.pairs.map(([t, e]) => [t, e] as [number, number]) : [];
  return moeTraceFromArrays(
    { probs, groupScores, groupMask, mask, gates, sharedNorm, routedNorm },
    nr,
    g,
    dropped,
    r.scoring ?? 'softmax',
    bias,
  );
}

type HostArray = Float32Array | Int32Array | Uint8Array;

/** A MoeTrace from downloaded router arrays (rows of N_r or n_group values); shared by the fused WebGPU decode. */
export function moeTraceFromArrays(
  a: Record<'probs' | 'groupScores' | 'groupMask' | 'mask' | 'gates' | 'sharedNorm' | 'routedNorm', HostArray>,
  nr: number,
  g: number,
  dropped: Array<[number, number]>,
  scoring: MoeTrace['scoring'] = 'softmax',
  bias: number[] | null = null,
): MoeTrace {
  const gateRows = rows(a.gates, nr);
  const experts = rows(a.mask, nr).map((m, t) =>
    m
      .map((v, e) => (v > 0 ? e : -1))
      .filter((e) => e >= 0)
      .sort((x, y) => gateRows[t][y] - gateRows[t][x] || x - y),
  );
  return {
    scoring,
    bias,
    probs: rows(a.probs, nr),
    groupScores: rows(a.groupScores, g),
    selectedGroups: rows(a.groupMask, g).map((m) => m.flatMap((v, i) => (v > 0 ? [i] : []))),
    experts,
    gates: experts.map((ids, t) => ids.map((e) => gateRows[t][e])),
    sharedNorm: Array.from(a.sharedNorm),
    routedNorm: Array.from(a.routedNorm),
    dropped,
  };
}
