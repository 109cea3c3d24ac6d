/**
 * The feed-forward block for one token in two dispatches (mlp.ts, moe.ts; docs/webgpu.md):
 *
 *   swigluHidden: xn = RMSNorm(attended); h = silu(xn·W_gate) ⊙ (xn·W_up), routed units × their
 *                 expert's gate (units of unchosen experts are 0 and never computed), then the
 *                 shared experts' units.                           → [N_r·d_ff^e | N_s·d_ff^e] or [d_ff]
 *   ffnDown:      ffn = h·W_down (+ shared h·W_down^s); out = attended + ffn
 *                                                   → [out d | ffn d] or MoE [out | ffn | routed | shared]
 *
 * One thread per hidden unit, then one per output column.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { MlpParams } from '../mlp';
import { program, REDUCE, rmsInv, runProgram, WG } from './program';

export interface Routed {
  /** packed router output (routerKernel.ts) and where its gates start. */
  router: tf.Tensor;
  gatesAt: number;
  /** d_ff^e: hidden units per routed expert. */
  perExpert: number;
}

const silu = (g: string, u: string) => `(${g} * (1.0 / (1.0 + exp(-${g})))) * ${u}`;

/** Hidden units for the `d` values at the front of packed `x`: main MLP, then `shared` if given. */
export function swigluHidden(
  x: tf.Tensor,
  gain: tf.Tensor1D,
  eps: number,
  main: MlpParams,
  routed: Routed | null,
  shared: MlpParams | null,
): tf.Tensor1D {
  const [d, ff] = main.gateProj.shape;
  const sff = shared ? shared.gateProj.shape[1] : 0;
  const size = ff + sff;
  const dot = (w: string, n: number, col: string) =>
    `for (var i = 0; i < ${d}; i = i + 1) { let xn = x[i] * rinv * gain[i]; ga = ga + xn * ${w}g[i * ${n} + ${col}]; ua = ua + xn * ${w}u[i * ${n} + ${col}]; }`;
  const code = `
${REDUCE}
var<private> rinv : f32;
fn main(index : i32) {
  ${rmsInv('x', '0', d, eps)}
  let o = i32(workgroupId.x) * ${WG} + i32(localId.x);
  if (o >= ${size}) { return; }
  var ga = 0.0;
  var ua = 0.0;
  if (o < ${ff}) {
    ${routed ? `let gt = r[${routed.gatesAt} + o / ${routed.perExpert}]; if (gt == 0.0) { result[o] = 0.0; return; }` : ''}
    ${dot('m', ff, 'o')}
    result[o] = ${silu('ga', 'ua')}${routed ? ' * gt' : ''};
    return;
  }
  ${shared ? `let s = o - ${ff}; ${dot('s', sff, 's')} result[o] = ${silu('ga', 'ua')};` : ''}
}`;
  const inputs = ['x', 'gain', 'mg', 'mu', ...(routed ? ['r'] : []), ...(shared ? ['sg', 'su'] : [])];
  const tensors = [
    x,
    gain,
    main.gateProj,
    main.upProj,
    ...(routed ? [routed.router] : []),
    ...(shared ? [shared.gateProj, shared.upProj] : []),
  ];
  const key = [d, ff, sff, routed ? `${routed.gatesAt}r${routed.perExpert}` : 'dense', eps];
  return runProgram(program('swigluHidden', key, inputs, size, Math.ceil(size / WG), code), tensors); // [d_ff + shared]
}

/** down_proj(s) and the residual add: packed [out | ffn] (dense) or [out | ffn | routed | shared] (MoE). */
export function ffnDown(
  x: tf.Tensor,
  hidden: tf.Tensor,
  down: tf.Tensor2D,
  routed: Routed | null,
  sharedDown: tf.Tensor2D | null,
): tf.Tensor1D {
  const [ff, d] = down.shape;
  const sff = sharedDown ? sharedDown.shape[0] : 0;
  const parts = routed ? 4 : 2;
  const main = routed
    ? `for (var e = 0; e < ${ff / routed.perExpert}; e = e + 1) {
      if (r[${routed.gatesAt} + e] == 0.0) { continue; }
      for (var u = e * ${routed.perExpert}; u < (e + 1) * ${routed.perExpert}; u = u + 1) { acc = acc + h[u] * w[u * ${d} + j]; }
    }`
    : `for (var u = 0; u < ${ff}; u = u + 1) { acc = acc + h[u] * w[u * ${d} + j]; }`;
  const code = `
fn main(index : i32) {
  let j = i32(workgroupId.x) * ${WG} + i32(localId.x);
  if (j >= ${d}) { return; }
  var acc = 0.0;
  ${main}
  var sh = 0.0;
  ${sharedDown ? `for (var u = 0; u < ${sff}; u = u + 1) { sh = sh + h[${ff} + u] * sw[u * ${d} + j]; }` : ''}
  let ffn = ${sharedDown ? 'acc + sh' : 'acc'};
  result[j] = x[j] + ffn;
  result[${d} + j] = ffn;
  ${routed ? `result[${2 * d} + j] = acc; result[${3 * d} + j] = sh;` : ''}
}`;
  const inputs = ['x', 'h', 'w', ...(routed ? ['r'] : []), ...(sharedDown ? ['sw'] : [])];
  const tensors = [x, hidden, down, ...(routed ? [routed.router] : []), ...(sharedDown ? [sharedDown] : [])];
  const key = [ff, d, sff, routed ? `${routed.gatesAt}r${routed.perExpert}` : 'dense'];
  return runProgram(program('ffnDown', key, inputs, parts * d, Math.ceil(d / WG), code), tensors); // [parts·d]
}
