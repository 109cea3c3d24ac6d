/**
 * The DeepSeekMoE router for one token in one dispatch (router.ts route, docs/model.md#router,
 * docs/webgpu.md): post-attention RMSNorm, the gate logits, softmax affinities, group scores,
 * group-limited or greedy top-K (ties to the lower index, as tf.topk) and the gate values.
 * One workgroup: the threads share the logits; thread 0 does the (small, serial) selection.
 *
 * Output, packed: [probs N_r | mask N_r | gates N_r | groupMask n_group | groupScores n_group].
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../config';
import { f32, program, REDUCE, rmsInv, runProgram, WG } from './program';

/** Where each part starts in the packed output. */
export function routerLayout(nr: number, nGroup: number) {
  return {
    probs: 0,
    mask: nr,
    gates: 2 * nr,
    groupMask: 3 * nr,
    groupScores: 3 * nr + nGroup,
    size: 3 * nr + 2 * nGroup,
  };
}

/** The sizes route() uses without interventions: K and M. */
export interface RouteCounts {
  k: number;
  m: number;
}

/** Packed router output for the `d` values at the front of packed `x`. */
export function routerKernel(
  x: tf.Tensor,
  gain: tf.Tensor1D,
  gate: tf.Tensor2D,
  c: DeepseekV2Config,
  counts: RouteCounts,
): tf.Tensor1D {
  const [d, nr] = gate.shape;
  const G = c.n_group;
  const per = nr / G;
  const { k, m } = counts;
  const limited = c.topk_method === 'group_limited_greedy';
  const L = routerLayout(nr, G);
  const norm = c.norm_topk_prob && k > 1;
  const code = `
${REDUCE}
var<private> rinv : f32;
var<workgroup> pr : array<f32, ${nr}>;
fn main(index : i32) {
  ${rmsInv('x', '0', d, c.rms_norm_eps)}
  let t = i32(localId.x);
  for (var e = t; e < ${nr}; e = e + ${WG}) {
    var acc = 0.0;
    for (var i = 0; i < ${d}; i = i + 1) { acc = acc + x[i] * rinv * gain[i] * gate[i * ${nr} + e]; }
    pr[e] = acc;
  }
  workgroupBarrier();
  if (t != 0) { return; }
  var mx = -3.402823e+38;
  for (var e = 0; e < ${nr}; e = e + 1) { mx = max(mx, pr[e]); }
  var sm = 0.0;
  for (var e = 0; e < ${nr}; e = e + 1) { pr[e] = exp(pr[e] - mx); sm = sm + pr[e]; }
  for (var e = 0; e < ${nr}; e = e + 1) { pr[e] = pr[e] / sm; }
  var gs : array<f32, ${G}>;
  var gm : array<f32, ${G}>;
  for (var g = 0; g < ${G}; g = g + 1) {
    var b = pr[g * ${per}];
    for (var i = 1; i < ${per}; i = i + 1) { b = max(b, pr[g * ${per} + i]); }
    gs[g] = b;
    gm[g] = ${m >= G ? '1.0' : '0.0'};
  }
  var allowed : array<f32, ${nr}>;
  for (var e = 0; e < ${nr}; e = e + 1) { allowed[e] = 1.0; }
  if (${limited}) {
    for (var n = 0; n < ${m >= G ? 0 : m}; n = n + 1) {
      var best = 0;
      var bv = -3.402823e+38;
      for (var g = 0; g < ${G}; g = g + 1) { if (gm[g] == 0.0 && gs[g] > bv) { best = g; bv = gs[g]; } }
      gm[best] = 1.0;
    }
    for (var g = 0; g < ${G}; g = g + 1) { if (!(gs[g] > 0.0)) { gm[g] = 0.0; } }
    for (var e = 0; e < ${nr}; e = e + 1) { allowed[e] = gm[e / ${per}]; }
  }
  var picked : array<f32, ${nr}>;
  for (var e = 0; e < ${nr}; e = e + 1) { picked[e] = ${k >= nr ? '1.0' : '0.0'}; }
  for (var n = 0; n < ${k >= nr ? 0 : k}; n = n + 1) {
    var best = 0;
    var bv = -3.402823e+38;
    for (var e = 0; e < ${nr}; e = e + 1) {
      let cand = pr[e] * allowed[e];
      if (picked[e] == 0.0 && cand > bv) { best = e; bv = cand; }
    }
    picked[best] = 1.0;
  }
  var total = 0.0;
  for (var e = 0; e < ${nr}; e = e + 1) {
    let mk = picked[e] * allowed[e];
    result[${L.probs} + e] = pr[e];
    result[${L.mask} + e] = mk;
    total = total + pr[e] * mk;
  }
  for (var e = 0; e < ${nr}; e = e + 1) {
    let chosen = pr[e] * result[${L.mask} + e];
    result[${L.gates} + e] = ${norm ? `chosen / (total + ${f32(1e-20)})` : `chosen * ${f32(c.routed_scaling_factor)}`};
  }
  for (var g = 0; g < ${G}; g = g + 1) {
    if (!${limited}) {
      var b = 0.0;
      for (var i = 0; i < ${per}; i = i + 1) { b = max(b, result[${L.mask} + g * ${per} + i]); }
      gm[g] = b;
    }
    result[${L.groupMask} + g] = gm[g];
    result[${L.groupScores} + g] = gs[g];
  }
}`;
  const key = [d, nr, G, k, m, limited, norm, c.routed_scaling_factor, c.rms_norm_eps];
  const p = program('router', key, ['x', 'gain', 'gate'], L.size, 1, code);
  return runProgram(p, [x, gain, gate]); // [3·N_r + 2·n_group]
}
