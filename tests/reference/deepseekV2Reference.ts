/**
 * An independent float64 reference of the DeepSeek-V2 causal LM forward pass, written straight
 * from the papers and the official code, as docs/model.md describes them, with plain loops
 * over Float64Arrays. The tfjs model is tested against it; it shares no code with src/model
 * beyond the config helpers and the HostWeights type. Slow by design (O(T²·n_h) scalar loops): meant for tiny configs.
 */
import { isMoeLayer, qHeadDim, softmaxScale, yarnMscale, type DeepseekV2Config } from '../../src/model/config';
import type { HostTensor, HostWeights } from '../../src/model/weights';

export type { HostTensor, HostWeights };

/** The MoE router's decision for one layer (docs/model.md#router). */
export interface RoutingRecord {
  layer: number;
  /** [T][K_r]: chosen routed expert ids, ascending. */
  experts: number[][];
  /** [T][K_r]: gate value of each chosen expert, same order, after norm_topk_prob / routed_scaling_factor. */
  weights: number[][];
  /** [T][N_r]: softmax router affinities s over all routed experts. */
  probs: Float64Array[];
  /** [T][≤ topk_group]: groups picked by group_limited_greedy, ascending; for greedy, the groups the chosen experts sit in. */
  groups: number[][];
}

/** Per-layer attention, split into its two logit terms (DeepSeek-V2 eqs. (14)–(19)). */
export interface AttentionRecord {
  layer: number;
  /** [n_h][T][t+1]: softmax over keys 0..t of σ·(nope + rope). */
  probs: Float64Array[][];
  /** [n_h][T][t+1]: q^C·k^C, unscaled. */
  nopeLogits: Float64Array[][];
  /** [n_h][T][t+1]: q^R·k^R after RoPE, unscaled. */
  ropeLogits: Float64Array[][];
}

export interface ReferenceOutput {
  /** [T][vocab]. */
  logits: Float64Array[];
  /** one entry per MoE layer, in layer order. */
  routing: RoutingRecord[];
  /** one entry per layer. */
  attention: AttentionRecord[];
}

/** ε of q_a_layernorm and kv_a_layernorm: built without passing ε, so the RMSNorm class default (docs/model.md#the-decoder). */
export const LATENT_NORM_EPS = 1e-6;

// ---------------------------------------------------------------------------------------------
// Primitives

/** Looks up a weight and checks its shape, so a wrong layout fails loudly with the tensor's name. */
export function param(w: HostWeights, name: string, shape: number[]): HostTensor {
  const t = w.get(name);
  if (!t) throw new Error(`reference: missing weight ${name}`);
  if (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i])) {
    throw new Error(`reference: ${name} has shape [${t.shape}], expected [${shape}]`);
  }
  return t;
}

/** y = W·x with W in [out, in] layout. */
export function linear(x: ArrayLike<number>, W: HostTensor): Float64Array {
  const [nOut, nIn] = W.shape;
  if (x.length !== nIn) throw new Error(`reference: linear input has ${x.length} elements, weight expects ${nIn}`);
  const y = new Float64Array(nOut); // [out]
  for (let o = 0; o < nOut; o++) {
    let acc = 0;
    const row = o * nIn;
    for (let i = 0; i < nIn; i++) acc += W.data[row + i] * x[i];
    y[o] = acc;
  }
  return y;
}

/** RMSNorm: weight ⊙ x / sqrt(mean(x²) + ε). */
export function rmsNorm(x: ArrayLike<number>, weight: HostTensor, eps: number): Float64Array {
  let ms = 0;
  for (let i = 0; i < x.length; i++) ms += x[i] * x[i];
  const inv = 1 / Math.sqrt(ms / x.length + eps);
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = weight.data[i] * x[i] * inv;
  return y;
}

/** Numerically stable softmax. */
export function softmax(x: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]);
  const y = new Float64Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += y[i] = Math.exp(x[i] - max);
  for (let i = 0; i < x.length; i++) y[i] /= sum;
  return y;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc += a[i] * b[i];
  return acc;
}

const silu = (z: number) => z / (1 + Math.exp(-z));

/** SwiGLU MLP at `prefix` (a dense FFN, one expert, or the shared block): down(silu(gate·x) ⊙ up·x). */
export function swiglu(w: HostWeights, prefix: string, x: Float64Array, width: number): Float64Array {
  const d = x.length;
  const g = linear(x, param(w, `${prefix}.gate_proj.weight`, [width, d])); // [width]
  const u = linear(x, param(w, `${prefix}.up_proj.weight`, [width, d])); // [width]
  for (let i = 0; i < width; i++) g[i] = silu(g[i]) * u[i];
  return linear(g, param(w, `${prefix}.down_proj.weight`, [d, width])); // [d]
}

// ---------------------------------------------------------------------------------------------
// RoPE (docs/model.md#rope-layout, docs/model.md#yarn)

/** YaRN correction dim: the pair-dimension index at which a frequency makes `nRot` turns over `origMax` positions. */
function yarnCorrectionDim(nRot: number, dim: number, base: number, origMax: number): number {
  return (dim * Math.log(origMax / (nRot * 2 * Math.PI))) / (2 * Math.log(base));
}

/**
 * inv_freq_i = θ^(−2i/d_h^R), i < d_h^R/2. With YaRN, blends the original ("extrapolated") and the
 * ÷factor ("interpolated") frequency by a linear ramp between the correction dims for beta_fast and
 * beta_slow rotations, as DeepSeek's `DeepseekV2YarnRotaryEmbedding` does (bounds floor/ceil,
 * clamped to [0, d_h^R − 1], ramp over the d_h^R/2 pairs).
 */
export function ropeInvFreq(c: DeepseekV2Config): Float64Array {
  const d = c.qk_rope_head_dim;
  const inv = new Float64Array(d / 2); // [d_h^R/2]
  for (let i = 0; i < d / 2; i++) inv[i] = 1 / Math.pow(c.rope_theta, (2 * i) / d);
  const r = c.rope_scaling;
  if (!r) return inv;
  const orig = r.original_max_position_embeddings;
  const low = Math.max(Math.floor(yarnCorrectionDim(r.beta_fast, d, c.rope_theta, orig)), 0);
  let high = Math.min(Math.ceil(yarnCorrectionDim(r.beta_slow, d, c.rope_theta, orig)), d - 1);
  if (low === high) high += 0.001; // the official code's guard against a zero-width ramp
  for (let i = 0; i < d / 2; i++) {
    const ramp = Math.min(Math.max((i - low) / (high - low), 0), 1);
    const extrapMask = 1 - ramp;
    inv[i] = (inv[i] / r.factor) * (1 - extrapMask) + inv[i] * extrapMask;
  }
  return inv;
}

/** The cos/sin amplitude: mscale(s, mscale) / mscale(s, mscale_all_dim) with YaRN, else 1. */
export function ropeAmplitude(c: DeepseekV2Config): number {
  const r = c.rope_scaling;
  return r ? yarnMscale(r.factor, r.mscale) / yarnMscale(r.factor, r.mscale_all_dim) : 1;
}

/** Interleaved RoPE: rotates each adjacent pair (x_2i, x_2i+1) by pos·inv_freq_i, scaled by `amplitude`. */
export function applyRope(x: ArrayLike<number>, pos: number, invFreq: Float64Array, amplitude = 1): Float64Array {
  const y = new Float64Array(x.length); // [d_h^R]
  for (let i = 0; i < invFreq.length; i++) {
    const a = pos * invFreq[i];
    const cos = Math.cos(a) * amplitude;
    const sin = Math.sin(a) * amplitude;
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    y[2 * i] = x0 * cos - x1 * sin;
    y[2 * i + 1] = x0 * sin + x1 * cos;
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// MLA (docs/model.md#mla)

export interface MlaOutput extends Omit<AttentionRecord, 'layer'> {
  /** [T][d]: o_proj output, before the residual add. */
  out: Float64Array[];
}

/** Multi-head Latent Attention of one layer, on normed inputs h ([T][d]) at positions 0..T−1. */
export function mlaAttention(c: DeepseekV2Config, w: HostWeights, layer: number, h: Float64Array[]): MlaOutput {
  const p = `model.layers.${layer}.self_attn`;
  const d = c.hidden_size;
  const nH = c.num_attention_heads;
  const [dh, dr, dv, dc] = [c.qk_nope_head_dim, c.qk_rope_head_dim, c.v_head_dim, c.kv_lora_rank];
  const qhd = qHeadDim(c);
  const sigma = softmaxScale(c);
  const invFreq = ropeInvFreq(c);
  const amp = ropeAmplitude(c);

  const qNope: Float64Array[][] = []; // [T][n_h][d_h]
  const qPe: Float64Array[][] = []; // [T][n_h][d_h^R], rotated
  const kNope: Float64Array[][] = []; // [T][n_h][d_h]
  const kPe: Float64Array[] = []; // [T][d_h^R], rotated, one head shared by all
  const v: Float64Array[][] = []; // [T][n_h][d_v]
  h.forEach((ht, t) => {
    let q: Float64Array; // [n_h·(d_h + d_h^R)]
    if (c.q_lora_rank !== null) {
      const cQ = rmsNorm(
        linear(ht, param(w, `${p}.q_a_proj.weight`, [c.q_lora_rank, d])),
        param(w, `${p}.q_a_layernorm.weight`, [c.q_lora_rank]),
        LATENT_NORM_EPS,
      ); // [d_c']
      q = linear(cQ, param(w, `${p}.q_b_proj.weight`, [nH * qhd, c.q_lora_rank]));
    } else {
      q = linear(ht, param(w, `${p}.q_proj.weight`, [nH * qhd, d]));
    }
    qNope.push(range(nH).map((i) => q.slice(i * qhd, i * qhd + dh)));
    qPe.push(range(nH).map((i) => applyRope(q.subarray(i * qhd + dh, (i + 1) * qhd), t, invFreq, amp)));

    const ckv = linear(ht, param(w, `${p}.kv_a_proj_with_mqa.weight`, [dc + dr, d])); // [d_c + d_h^R], latent first
    const cKV = rmsNorm(ckv.subarray(0, dc), param(w, `${p}.kv_a_layernorm.weight`, [dc]), LATENT_NORM_EPS); // [d_c]
    kPe.push(applyRope(ckv.subarray(dc), t, invFreq, amp));
    const kv = linear(cKV, param(w, `${p}.kv_b_proj.weight`, [nH * (dh + dv), dc])); // [n_h·(d_h + d_v)]
    kNope.push(range(nH).map((i) => kv.slice(i * (dh + dv), i * (dh + dv) + dh)));
    v.push(range(nH).map((i) => kv.slice(i * (dh + dv) + dh, (i + 1) * (dh + dv))));
  });

  const T = h.length;
  const probs: Float64Array[][] = [];
  const nopeLogits: Float64Array[][] = [];
  const ropeLogits: Float64Array[][] = [];
  const o = range(T).map(() => new Float64Array(nH * dv)); // [T][n_h·d_v], head-major
  for (let i = 0; i < nH; i++) {
    probs.push([]);
    nopeLogits.push([]);
    ropeLogits.push([]);
    for (let t = 0; t < T; t++) {
      const nope = new Float64Array(t + 1); // [t+1]
      const rope = new Float64Array(t + 1); // [t+1]
      const scores = new Float64Array(t + 1); // [t+1]
      for (let j = 0; j <= t; j++) {
        nope[j] = dot(qNope[t][i], kNope[j][i]);
        rope[j] = dot(qPe[t][i], kPe[j]);
        scores[j] = sigma * (nope[j] + rope[j]);
      }
      const a = softmax(scores);
      for (let j = 0; j <= t; j++) {
        for (let e = 0; e < dv; e++) o[t][i * dv + e] += a[j] * v[j][i][e];
      }
      probs[i].push(a);
      nopeLogits[i].push(nope);
      ropeLogits[i].push(rope);
    }
  }
  const oProj = param(w, `${p}.o_proj.weight`, [d, nH * dv]);
  return { out: o.map((ot) => linear(ot, oProj)), probs, nopeLogits, ropeLogits };
}

/** The MHA baseline (DeepSeek-V2 eqs. (1)–(8)): per-head q, k, v of width d_h, RoPE over each whole head, σ = 1/√d_h. */
export function mhaAttention(c: DeepseekV2Config, w: HostWeights, layer: number, h: Float64Array[]): Float64Array[] {
  const p = `model.layers.${layer}.self_attn`;
  const d = c.hidden_size;
  const nH = c.num_attention_heads;
  const [dh, dv] = [c.qk_nope_head_dim, c.v_head_dim];
  const ropeConfig = { ...c, qk_rope_head_dim: dh };
  const [invFreq, amp] = [ropeInvFreq(ropeConfig), ropeAmplitude(ropeConfig)];
  const heads = (x: Float64Array, width: number, t: number | null) =>
    range(nH).map((i) => {
      const head = x.slice(i * width, (i + 1) * width);
      return t === null ? head : applyRope(head, t, invFreq, amp);
    });
  const q = h.map((ht, t) => heads(linear(ht, param(w, `${p}.q_proj.weight`, [nH * dh, d])), dh, t)); // [T][n_h][d_h]
  const k = h.map((ht, t) => heads(linear(ht, param(w, `${p}.k_proj.weight`, [nH * dh, d])), dh, t)); // [T][n_h][d_h]
  const v = h.map((ht) => heads(linear(ht, param(w, `${p}.v_proj.weight`, [nH * dv, d])), dv, null)); // [T][n_h][d_v]
  const oProj = param(w, `${p}.o_proj.weight`, [d, nH * dv]);
  return h.map((_, t) => {
    const o = new Float64Array(nH * dv); // [n_h·d_v]
    for (let i = 0; i < nH; i++) {
      const a = softmax(range(t + 1).map((j) => dot(q[t][i], k[j][i]) / Math.sqrt(dh)));
      for (let j = 0; j <= t; j++) for (let e = 0; e < dv; e++) o[i * dv + e] += a[j] * v[j][i][e];
    }
    return linear(o, oProj);
  });
}

// ---------------------------------------------------------------------------------------------
// DeepSeekMoE (docs/model.md#router)

/** Indices of the k largest values, ties to the lower index, returned ascending. */
export function topKIndices(values: ArrayLike<number>, k: number): number[] {
  const idx = range(values.length).sort((a, b) => values[b] - values[a] || a - b);
  return idx.slice(0, k).sort((a, b) => a - b);
}

export interface TokenRoute {
  experts: number[];
  weights: number[];
  groups: number[];
}

/**
 * DeepSeek-V3's noaux_tc (arXiv 2412.19437 eqs. (13), (15)–(16); docs/model.md#deepseek-v3-routing),
 * from sigmoid scores s [N_r] and the selection bias b [N_r]: groups ranked by the sum of their two
 * highest s + b, the best topk_group kept; top-K of s + b inside them; gates are the unbiased s of
 * the chosen, normalised when norm_topk_prob (K > 1), then × routed_scaling_factor.
 */
function routeTokenNoaux(c: DeepseekV2Config, s: ArrayLike<number>, b: ArrayLike<number>, nR: number): TokenRoute {
  const k = c.num_experts_per_tok;
  const perGroup = nR / c.n_group;
  const choice = range(nR).map((e) => s[e] + b[e]);
  const groupScore = range(c.n_group).map((g) => {
    const inGroup = choice.slice(g * perGroup, (g + 1) * perGroup).sort((x, y) => y - x);
    return inGroup[0] + inGroup[1];
  });
  const groups = topKIndices(groupScore, c.topk_group);
  const masked = choice.map((x, e) => (groups.includes(Math.floor(e / perGroup)) ? x : -Infinity));
  const experts = topKIndices(masked, k);
  let weights = experts.map((e) => s[e]);
  if (c.norm_topk_prob && k > 1) {
    const denom = weights.reduce((x, y) => x + y, 0) + 1e-20;
    weights = weights.map((x) => x / denom);
  }
  return { experts, weights: weights.map((x) => x * c.routed_scaling_factor), groups };
}

/** The logistic function, V3's router scoring (eq. (15)). */
export function sigmoid(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => 1 / (1 + Math.exp(-v)));
}

/**
 * Routes one token from its router affinities s ([N_r]: V2's softmax over all routed experts, or
 * V3's sigmoid scores, then `bias` b [N_r] chooses too; zeros when absent).
 */
export function routeToken(c: DeepseekV2Config, s: ArrayLike<number>, bias?: ArrayLike<number>): TokenRoute {
  const nR = c.n_routed_experts;
  if (nR === null) throw new Error('reference: routeToken on a config without routed experts');
  if (c.topk_method === 'noaux_tc') return routeTokenNoaux(c, s, bias ?? new Float64Array(nR), nR);
  const k = c.num_experts_per_tok;
  const perGroup = nR / c.n_group;
  const groupOf = (e: number) => Math.floor(e / perGroup);
  let candidates = Array.from(s);
  let groups: number[] | null = null;
  if (c.topk_method === 'group_limited_greedy') {
    const groupScore = range(c.n_group).map((g) => Math.max(...candidates.slice(g * perGroup, (g + 1) * perGroup)));
    groups = topKIndices(groupScore, c.topk_group);
    const allowed = new Set(groups);
    candidates = candidates.map((x, e) => (allowed.has(groupOf(e)) ? x : -Infinity));
  }
  const experts = topKIndices(candidates, k);
  let weights = experts.map((e) => s[e]);
  if (c.norm_topk_prob && k > 1) {
    const denom = weights.reduce((a, b) => a + b, 0) + 1e-20;
    weights = weights.map((x) => x / denom);
  } else {
    weights = weights.map((x) => x * c.routed_scaling_factor);
  }
  groups ??= [...new Set(experts.map(groupOf))].sort((a, b) => a - b);
  return { experts, weights, groups };
}

/** The MoE FFN of one layer on one normed token u: routed experts weighted by their gates, plus the shared block. */
function moe(c: DeepseekV2Config, w: HostWeights, layer: number, u: Float64Array, route: TokenRoute): Float64Array {
  const p = `model.layers.${layer}.mlp`;
  const y = new Float64Array(u.length); // [d]
  route.experts.forEach((e, n) => {
    const ye = swiglu(w, `${p}.experts.${e}`, u, c.moe_intermediate_size);
    for (let i = 0; i < y.length; i++) y[i] += route.weights[n] * ye[i];
  });
  if (c.n_shared_experts > 0) {
    const ys = swiglu(w, `${p}.shared_experts`, u, c.n_shared_experts * c.moe_intermediate_size);
    for (let i = 0; i < y.length; i++) y[i] += ys[i];
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// The causal LM (docs/model.md#the-decoder)

/** Logits, routing and attention of DeepseekV2ForCausalLM on one sequence at positions 0..T−1. */
export function referenceForward(c: DeepseekV2Config, w: HostWeights, ids: number[]): ReferenceOutput {
  const d = c.hidden_size;
  const V = c.vocab_size;
  const eps = c.rms_norm_eps;
  const embed = param(w, 'model.embed_tokens.weight', [V, d]);
  const x = ids.map((id) => {
    if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`reference: token id ${id} outside [0, ${V})`);
    return Float64Array.from(embed.data.subarray(id * d, (id + 1) * d));
  }); // [T][d]

  const routing: RoutingRecord[] = [];
  const attention: AttentionRecord[] = [];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    const inNorm = param(w, `${p}.input_layernorm.weight`, [d]);
    const h = x.map((xt) => rmsNorm(xt, inNorm, eps)); // [T][d]
    if (c.attention_type === 'mha') {
      mhaAttention(c, w, l, h).forEach((ot, t) => addInto(x[t], ot));
    } else {
      const { out, ...attn } = mlaAttention(c, w, l, h);
      attention.push({ layer: l, ...attn });
      x.forEach((xt, t) => addInto(xt, out[t]));
    }

    const postNorm = param(w, `${p}.post_attention_layernorm.weight`, [d]);
    const u = x.map((xt) => rmsNorm(xt, postNorm, eps)); // [T][d]
    if (isMoeLayer(c, l)) {
      const gate = param(w, `${p}.mlp.gate.weight`, [c.n_routed_experts!, d]);
      const score = c.scoring_func === 'sigmoid' ? sigmoid : softmax;
      const probs = u.map((ut) => score(linear(ut, gate))); // [T][N_r]
      const bias =
        c.topk_method === 'noaux_tc'
          ? param(w, `${p}.mlp.gate.e_score_correction_bias`, [c.n_routed_experts!]).data
          : undefined;
      const routes = probs.map((s) => routeToken(c, s, bias));
      routing.push({
        layer: l,
        experts: routes.map((r) => r.experts),
        weights: routes.map((r) => r.weights),
        probs,
        groups: routes.map((r) => r.groups),
      });
      x.forEach((xt, t) => addInto(xt, moe(c, w, l, u[t], routes[t])));
    } else {
      x.forEach((xt, t) => addInto(xt, swiglu(w, `${p}.mlp`, u[t], c.intermediate_size)));
    }
  }

  const finalNorm = param(w, 'model.norm.weight', [d]);
  const head = c.tie_word_embeddings ? embed : param(w, 'lm_head.weight', [V, d]);
  return { logits: x.map((xt) => linear(rmsNorm(xt, finalNorm, eps), head)), routing, attention };
}

function addInto(acc: Float64Array, y: Float64Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] += y[i];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
