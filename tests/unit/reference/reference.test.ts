/**
 * Tests of the float64 references themselves (no tfjs): causality, group-limited routing, RoPE's
 * relative-position property, q-LoRA on and off, the balance losses on a hand-worked example, and
 * MLA through absorbed weights (docs/model.md#absorption) against the naive path.
 */
import { describe, expect, it } from 'vitest';
import { isMoeLayer, parseConfig, softmaxScale, type DeepseekV2Config } from '../../../src/model/config';
import { DEEPSEEK_V2, TINY_SPEC, TINY_TEST } from '../../../src/model/presets';
import { expectedShapes, initWeights } from '../../../src/model/weights';
import { commBalance, deviceBalance, expertBalance, seqAuxExpertBalance } from '../../reference/balanceReference';
import {
  applyRope,
  dot,
  LATENT_NORM_EPS,
  linear,
  mlaAttention,
  param,
  referenceForward,
  rmsNorm,
  ropeAmplitude,
  ropeInvFreq,
  routeToken,
  softmax,
  type HostWeights,
} from '../../reference/deepseekV2Reference';
import { normals } from '../randomData';

// ---------------------------------------------------------------------------------------------
// Small random configs and seeded random weights (Hugging Face names, [out, in], docs/model.md#checkpoint-format)

const BASE = {
  model_type: 'deepseek_v2',
  vocab_size: 40,
  hidden_size: 16,
  intermediate_size: 24,
  moe_intermediate_size: 8,
  num_hidden_layers: 3,
  num_attention_heads: 3,
  n_shared_experts: 1,
  n_routed_experts: 8,
  num_experts_per_tok: 3,
  q_lora_rank: 12,
  kv_lora_rank: 10,
  qk_nope_head_dim: 4,
  qk_rope_head_dim: 8,
  v_head_dim: 6,
  topk_method: 'group_limited_greedy',
  n_group: 4,
  topk_group: 2,
  first_k_dense_replace: 1,
  max_position_embeddings: 64,
};

const CONFIGS: Record<string, DeepseekV2Config> = {
  'q-LoRA, group-limited, dense first layer': parseConfig(BASE),
  'q_proj, greedy, norm_topk_prob': parseConfig({
    ...BASE,
    q_lora_rank: null,
    topk_method: 'greedy',
    n_group: 1,
    topk_group: 1,
    norm_topk_prob: true,
    routed_scaling_factor: 2.5,
  }),
  'YaRN, tied, moe_layer_freq 2, no shared experts': parseConfig({
    ...BASE,
    n_shared_experts: 0,
    first_k_dense_replace: 0,
    moe_layer_freq: 2,
    routed_scaling_factor: 3,
    tie_word_embeddings: true,
    rope_scaling: {
      type: 'yarn',
      factor: 4,
      original_max_position_embeddings: 64,
      beta_fast: 32,
      beta_slow: 1,
      mscale: 1,
      mscale_all_dim: 0.5,
    },
  }),
};

/** Weights of std 1/√fan_in (so activations stay O(1)), norm gains 1 ± 0.2, a sharper router. */
function randomWeights(c: DeepseekV2Config, seed: number): HostWeights {
  const randn = normals(seed);
  const w: HostWeights = new Map();
  const add = (name: string, shape: number[], std: number, mean = 0) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = mean + std * randn();
    w.set(name, { shape, data });
  };
  const lin = (name: string, nOut: number, nIn: number, gain = 1) => add(name, [nOut, nIn], gain / Math.sqrt(nIn));
  const norm = (name: string, n: number) => add(name, [n], 0.2, 1);
  const mlp = (prefix: string, width: number) => {
    lin(`${prefix}.gate_proj.weight`, width, d);
    lin(`${prefix}.up_proj.weight`, width, d);
    lin(`${prefix}.down_proj.weight`, d, width);
  };
  const d = c.hidden_size;
  const nH = c.num_attention_heads;
  const qhd = c.qk_nope_head_dim + c.qk_rope_head_dim;
  add('model.embed_tokens.weight', [c.vocab_size, d], 1);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    norm(`${p}.input_layernorm.weight`, d);
    norm(`${p}.post_attention_layernorm.weight`, d);
    if (c.q_lora_rank !== null) {
      lin(`${p}.self_attn.q_a_proj.weight`, c.q_lora_rank, d);
      norm(`${p}.self_attn.q_a_layernorm.weight`, c.q_lora_rank);
      lin(`${p}.self_attn.q_b_proj.weight`, nH * qhd, c.q_lora_rank);
    } else {
      lin(`${p}.self_attn.q_proj.weight`, nH * qhd, d);
    }
    lin(`${p}.self_attn.kv_a_proj_with_mqa.weight`, c.kv_lora_rank + c.qk_rope_head_dim, d);
    norm(`${p}.self_attn.kv_a_layernorm.weight`, c.kv_lora_rank);
    lin(`${p}.self_attn.kv_b_proj.weight`, nH * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank);
    lin(`${p}.self_attn.o_proj.weight`, d, nH * c.v_head_dim);
    if (isMoeLayer(c, l)) {
      lin(`${p}.mlp.gate.weight`, c.n_routed_experts!, d, 3);
      for (let e = 0; e < c.n_routed_experts!; e++) mlp(`${p}.mlp.experts.${e}`, c.moe_intermediate_size);
      if (c.n_shared_experts > 0) mlp(`${p}.mlp.shared_experts`, c.n_shared_experts * c.moe_intermediate_size);
    } else {
      mlp(`${p}.mlp`, c.intermediate_size);
    }
  }
  norm('model.norm.weight', d);
  if (!c.tie_word_embeddings) lin('lm_head.weight', c.vocab_size, d);
  return w;
}

function randomIds(c: DeepseekV2Config, T: number, seed: number): number[] {
  const randn = normals(seed);
  return Array.from({ length: T }, () => Math.floor(Math.abs(randn() * 1e4)) % c.vocab_size);
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

const cases = Object.entries(CONFIGS);

// ---------------------------------------------------------------------------------------------

describe('referenceForward', () => {
  it.each(cases)('is causal: logits at t ignore the tokens after t (%s)', (_, c) => {
    const w = randomWeights(c, 1);
    const ids = randomIds(c, 7, 2);
    const full = referenceForward(c, w, ids);
    for (const cut of [2, 5]) {
      const changed = ids.map((id, t) => (t >= cut ? (id + 1 + t) % c.vocab_size : id));
      const other = referenceForward(c, w, changed);
      for (let t = 0; t < cut; t++) expect(other.logits[t]).toEqual(full.logits[t]);
      expect(maxAbsDiff(other.logits[cut], full.logits[cut])).toBeGreaterThan(1e-6);
    }
  });

  it.each(cases)('returns per-position logits, normalised attention and routing per MoE layer (%s)', (_, c) => {
    const T = 6;
    const out = referenceForward(c, randomWeights(c, 3), randomIds(c, T, 4));
    expect(out.logits).toHaveLength(T);
    for (const row of out.logits) {
      expect(row).toHaveLength(c.vocab_size);
      expect(row.every(Number.isFinite)).toBe(true);
    }
    expect(out.attention.map((a) => a.layer)).toEqual([0, 1, 2]);
    for (const a of out.attention) {
      expect(a.probs).toHaveLength(c.num_attention_heads);
      a.probs.forEach((head, i) =>
        head.forEach((row, t) => {
          expect(row).toHaveLength(t + 1);
          expect(a.nopeLogits[i][t]).toHaveLength(t + 1);
          expect(a.ropeLogits[i][t]).toHaveLength(t + 1);
          expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
        }),
      );
    }
    const moeLayers = [0, 1, 2].filter((l) => isMoeLayer(c, l));
    expect(out.routing.map((r) => r.layer)).toEqual(moeLayers);
    for (const r of out.routing) {
      r.experts.forEach((es, t) => {
        expect(es).toHaveLength(c.num_experts_per_tok);
        expect(es).toEqual([...es].sort((a, b) => a - b));
        const picked = es.map((e) => r.probs[t][e]);
        const total = picked.reduce((a, b) => a + b, 0);
        const expected = c.norm_topk_prob
          ? picked.map((p) => p / total)
          : picked.map((p) => p * c.routed_scaling_factor);
        r.weights[t].forEach((g, n) => expect(g).toBeCloseTo(expected[n], 14));
        expect(r.probs[t].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      });
    }
  });

  it.each(cases)('is fed the same tensor names and shapes as src/model/weights expects (%s)', (_, c) => {
    const mine = new Map([...randomWeights(c, 0)].map(([name, t]) => [name, t.shape]));
    expect(mine).toEqual(expectedShapes(c));
  });

  it.each([
    ['tiny-test', TINY_TEST],
    ['tiny-spec', TINY_SPEC],
  ] as const)('runs on initWeights(%s)', (_, c) => {
    const out = referenceForward(c, initWeights(c, 0), randomIds(c, 5, 16));
    expect(out.logits.flatMap((r) => Array.from(r)).every(Number.isFinite)).toBe(true);
    expect(out.routing.map((r) => r.layer)).toEqual([1, 2, 3].filter((l) => l < c.num_hidden_layers));
  });

  it('runs with q_lora_rank set and with q_lora_rank null, and names a missing weight', () => {
    const withLora = CONFIGS['q-LoRA, group-limited, dense first layer'];
    const noLora = parseConfig({ ...withLora, q_lora_rank: null });
    const ids = randomIds(withLora, 5, 5);
    const a = referenceForward(withLora, randomWeights(withLora, 6), ids);
    const wb = randomWeights(noLora, 6);
    const b = referenceForward(noLora, wb, ids);
    for (const out of [a, b]) expect(out.logits.flatMap((r) => Array.from(r)).every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(a.logits[4], b.logits[4])).toBeGreaterThan(1e-6);
    wb.delete('model.layers.1.self_attn.q_proj.weight');
    expect(() => referenceForward(noLora, wb, ids)).toThrow(/model\.layers\.1\.self_attn\.q_proj\.weight/);
  });

  it('uses embed_tokens as lm_head when tie_word_embeddings is set', () => {
    const tied = CONFIGS['YaRN, tied, moe_layer_freq 2, no shared experts'];
    const untied = parseConfig({ ...tied, tie_word_embeddings: false });
    const w = randomWeights(tied, 7);
    const wUntied = new Map(w).set('lm_head.weight', w.get('model.embed_tokens.weight')!);
    const ids = randomIds(tied, 4, 8);
    expect(referenceForward(tied, w, ids).logits).toEqual(referenceForward(untied, wUntied, ids).logits);
  });
});

describe('router (docs/model.md#router)', () => {
  const c8 = parseConfig({ ...BASE, num_experts_per_tok: 3, routed_scaling_factor: 2 }); // 4 groups of 2, M = 2

  it('group-limited routing never reaches more than topk_group groups', () => {
    const randn = normals(9);
    for (let n = 0; n < 500; n++) {
      const s = softmax(Array.from({ length: 8 }, () => 3 * randn()));
      const r = routeToken(c8, s);
      expect(r.groups).toHaveLength(2);
      const used = new Set(r.experts.map((e) => Math.floor(e / 2)));
      expect(used.size).toBeLessThanOrEqual(2);
      for (const g of used) expect(r.groups).toContain(g);
      // every expert left out of an allowed group scores no higher than the weakest chosen one
      const weakest = Math.min(...r.experts.map((e) => s[e]));
      for (let e = 0; e < 8; e++) {
        if (r.groups.includes(Math.floor(e / 2)) && !r.experts.includes(e)) expect(s[e]).toBeLessThanOrEqual(weakest);
      }
    }
    const out = referenceForward(c8, randomWeights(c8, 10), randomIds(c8, 24, 11));
    for (const r of out.routing) {
      for (const es of r.experts) expect(new Set(es.map((e) => Math.floor(e / 2))).size).toBeLessThanOrEqual(2);
    }
  });

  it('picks the best groups by max affinity, then top-K inside them (hand example)', () => {
    // group maxima 0.20, 0.18, 0.17, 0.15: greedy would take experts 0, 2, 4 from three groups
    const s = [0.2, 0.01, 0.18, 0.02, 0.17, 0.16, 0.15, 0.11];
    expect(routeToken(c8, s)).toEqual({ experts: [0, 2, 3], weights: [0.4, 0.36, 0.04], groups: [0, 1] });
    const greedy = parseConfig({ ...c8, topk_method: 'greedy' });
    expect(routeToken(greedy, s).experts).toEqual([0, 2, 4]);
    expect(routeToken(greedy, s).groups).toEqual([0, 1, 2]);
    const normed = routeToken(parseConfig({ ...c8, norm_topk_prob: true }), s);
    normed.weights.forEach((g, n) => expect(g).toBeCloseTo([0.5, 0.45, 0.05][n], 15));
  });

  it('breaks ties by the lower index', () => {
    const s = new Array(8).fill(1 / 8);
    expect(routeToken(c8, s)).toMatchObject({ experts: [0, 1, 2], groups: [0, 1] });
    expect(routeToken(parseConfig({ ...c8, topk_method: 'greedy' }), s).experts).toEqual([0, 1, 2]);
  });
});

describe('RoPE (docs/model.md#rope-layout, docs/model.md#yarn)', () => {
  it('rotates adjacent pairs (2i, 2i+1) by pos·θ^(−2i/d)', () => {
    const c = CONFIGS['q-LoRA, group-limited, dense first layer'];
    const inv = ropeInvFreq(c);
    expect(Array.from(inv)).toEqual([0, 1, 2, 3].map((i) => 1 / Math.pow(10000, (2 * i) / 8)));
    const y = applyRope([1, 0, 0, 1, 2, 0, 0, 0], 3, inv);
    const expected = [Math.cos(3), Math.sin(3), -Math.sin(3 * inv[1]), Math.cos(3 * inv[1])];
    expected.push(2 * Math.cos(3 * inv[2]), 2 * Math.sin(3 * inv[2]), 0, 0);
    expect(maxAbsDiff(y, expected)).toBeLessThan(1e-15);
  });

  it.each(cases)('q·k after rotation depends only on the relative offset (%s)', (_, c) => {
    const randn = normals(12);
    const inv = ropeInvFreq(c);
    const amp = ropeAmplitude(c);
    const q = Array.from({ length: c.qk_rope_head_dim }, randn);
    const k = Array.from({ length: c.qk_rope_head_dim }, randn);
    for (const offset of [0, 1, 5, 13]) {
      const at = (p: number) => dot(applyRope(q, p + offset, inv, amp), applyRope(k, p, inv, amp));
      for (const p of [1, 7, 40, 1000]) expect(at(p)).toBeCloseTo(at(0), 10);
    }
  });

  it('blends YaRN frequencies over the ramp 10…23 for V2, with amplitude 1 and σ·mscale²', () => {
    const inv = ropeInvFreq(DEEPSEEK_V2);
    const base = (i: number) => 1 / Math.pow(10000, (2 * i) / 64);
    for (let i = 0; i <= 10; i++) expect(inv[i]).toBeCloseTo(base(i), 15);
    for (let i = 23; i < 32; i++) expect(inv[i] / (base(i) / 40)).toBeCloseTo(1, 12);
    const ramp = (16 - 10) / 13;
    expect(inv[16] / (base(16) * (1 - ramp) + (base(16) / 40) * ramp)).toBeCloseTo(1, 12);
    expect(ropeAmplitude(DEEPSEEK_V2)).toBe(1);
    expect(softmaxScale(DEEPSEEK_V2)).toBeCloseTo(1.2608 ** 2 / Math.sqrt(192), 4);
  });

  it('clamps the ramp top at d_h^R − 1 as the official code does, and scales cos/sin by the mscale ratio', () => {
    // d_h^R = 4, θ = 1e4, 4096 positions: ramp bounds floor(0.65) = 0, ceil(1.41) = 2 (not clamped to 1)
    const c = parseConfig({ ...BASE, qk_rope_head_dim: 4, rope_scaling: { ...DEEPSEEK_V2.rope_scaling!, mscale: 1 } });
    const inv = ropeInvFreq(c);
    expect(inv[0]).toBe(1);
    expect(inv[1]).toBeCloseTo(0.01 * 0.5 + (0.01 / 40) * 0.5, 15);
    expect(ropeAmplitude(c)).toBeCloseTo((0.1 * Math.log(40) + 1) / (0.0707 * Math.log(40) + 1), 15);
  });
});

describe('MLA through absorbed weights (docs/model.md#absorption) equals the naive path', () => {
  /** Rows [r0, r0+n) of a [out, in] weight as Float64 row vectors. */
  const rows = (W: { shape: number[]; data: Float32Array }, r0: number, n: number) =>
    Array.from({ length: n }, (_, r) =>
      Float64Array.from(W.data.subarray((r0 + r) * W.shape[1], (r0 + r + 1) * W.shape[1])),
    );

  function absorbedAttention(c: DeepseekV2Config, w: HostWeights, layer: number, h: Float64Array[]) {
    const p = `model.layers.${layer}.self_attn`;
    const [d, nH, dh, dr, dv, dc] = [
      c.hidden_size,
      c.num_attention_heads,
      c.qk_nope_head_dim,
      c.qk_rope_head_dim,
      c.v_head_dim,
      c.kv_lora_rank,
    ];
    const qhd = dh + dr;
    const qW = w.get(`${p}.${c.q_lora_rank === null ? 'q_proj' : 'q_b_proj'}.weight`)!; // [n_h·qhd, d or d_c']
    const kvB = w.get(`${p}.kv_b_proj.weight`)!;
    const oProj = w.get(`${p}.o_proj.weight`)!;
    const qIn = qW.shape[1];
    // Aq_i = W^UK_iᵀ W^UQ_i: [d_c, qIn]; Ao_i = W^O_i W^UV_i: [d, d_c]
    const Aq = Array.from({ length: nH }, (_, i) => {
      const uk = rows(kvB, i * (dh + dv), dh);
      const uq = rows(qW, i * qhd, dh);
      return Array.from({ length: dc }, (_, a) =>
        Float64Array.from({ length: qIn }, (_, b) => uk.reduce((s, r, m) => s + r[a] * uq[m][b], 0)),
      );
    });
    const Ao = Array.from({ length: nH }, (_, i) => {
      const uv = rows(kvB, i * (dh + dv) + dh, dv);
      return Array.from({ length: d }, (_, o) =>
        Float64Array.from({ length: dc }, (_, a) =>
          uv.reduce((s, r, m) => s + oProj.data[o * nH * dv + i * dv + m] * r[a], 0),
        ),
      );
    });
    const inv = ropeInvFreq(c);
    const amp = ropeAmplitude(c);
    const sigma = softmaxScale(c);
    const qSrc = h.map((ht) =>
      c.q_lora_rank === null
        ? ht
        : rmsNorm(linear(ht, w.get(`${p}.q_a_proj.weight`)!), w.get(`${p}.q_a_layernorm.weight`)!, LATENT_NORM_EPS),
    );
    const ckv = h.map((ht) => linear(ht, w.get(`${p}.kv_a_proj_with_mqa.weight`)!));
    const cache = ckv.map((x, t) => ({
      c: rmsNorm(x.subarray(0, dc), w.get(`${p}.kv_a_layernorm.weight`)!, LATENT_NORM_EPS),
      kR: applyRope(x.subarray(dc), t, inv, amp),
    }));
    const out = h.map(() => new Float64Array(d));
    const probs: Float64Array[][] = [];
    const nope: Float64Array[][] = [];
    for (let i = 0; i < nH; i++) {
      probs.push([]);
      nope.push([]);
      const qRW = { shape: [dr, qIn], data: qW.data.subarray((i * qhd + dh) * qIn, (i + 1) * qhd * qIn) };
      h.forEach((_, t) => {
        const qLatent = Aq[i].map((row) => dot(row, qSrc[t])); // [d_c]
        const qR = applyRope(linear(qSrc[t], qRW), t, inv, amp); // [d_h^R]
        const n = Float64Array.from({ length: t + 1 }, (_, j) => dot(qLatent, cache[j].c));
        const a = softmax(n.map((x, j) => sigma * (x + dot(qR, cache[j].kR))));
        const read = new Float64Array(dc); // [d_c]: attention over the latent cache itself
        for (let j = 0; j <= t; j++) for (let m = 0; m < dc; m++) read[m] += a[j] * cache[j].c[m];
        for (let o = 0; o < d; o++) out[t][o] += dot(Ao[i][o], read);
        probs[i].push(a);
        nope[i].push(n);
      });
    }
    return { out, probs, nope };
  }

  it.each([cases[0], cases[1], cases[2]])('%s', (_, c) => {
    const w = randomWeights(c, 13);
    const randn = normals(14);
    const h = Array.from({ length: 6 }, () => Float64Array.from({ length: c.hidden_size }, randn));
    for (const layer of [0, 2]) {
      const naive = mlaAttention(c, w, layer, h);
      const absorbed = absorbedAttention(c, w, layer, h);
      h.forEach((_, t) => {
        expect(maxAbsDiff(naive.out[t], absorbed.out[t])).toBeLessThan(1e-10);
        for (let i = 0; i < c.num_attention_heads; i++) {
          expect(maxAbsDiff(naive.probs[i][t], absorbed.probs[i][t])).toBeLessThan(1e-10);
          expect(maxAbsDiff(naive.nopeLogits[i][t], absorbed.nope[i][t])).toBeLessThan(1e-10);
        }
      });
    }
    // and the forward pass's layer-0 attention record is that same attention on RMSNorm_in(embeddings)
    const ids = randomIds(c, 5, 15);
    const embed = param(w, 'model.embed_tokens.weight', [c.vocab_size, c.hidden_size]);
    const inNorm = w.get('model.layers.0.input_layernorm.weight')!;
    const h0 = ids.map((id) =>
      rmsNorm(embed.data.subarray(id * c.hidden_size, (id + 1) * c.hidden_size), inNorm, c.rms_norm_eps),
    );
    const rec = referenceForward(c, w, ids).attention[0];
    const absorbed = absorbedAttention(c, w, 0, h0);
    rec.probs.forEach((head, i) =>
      head.forEach((row, t) => expect(maxAbsDiff(row, absorbed.probs[i][t])).toBeLessThan(1e-10)),
    );
  });
});

describe('balance losses (docs/model.md#balance-losses)', () => {
  // 4 tokens, 4 experts, K = 2; devices {0,1} and {2,3}
  const probs = [
    [0.4, 0.3, 0.2, 0.1],
    [0.1, 0.2, 0.3, 0.4],
    [0.5, 0.2, 0.2, 0.1],
    [0.25, 0.25, 0.25, 0.25],
  ];
  const chosen = [
    [0, 1],
    [2, 3],
    [0, 1],
    [0, 2],
  ];

  it('match the hand-computed expert, device and communication terms', () => {
    // counts 3, 2, 2, 1 → f = 4/(2·4)·count; P = column means
    const e = expertBalance(probs, chosen, 4, 2);
    expect(maxAbsDiff(e.f, [1.5, 1, 1, 0.5])).toBeLessThan(1e-15);
    expect(maxAbsDiff(e.P, [0.3125, 0.2375, 0.2375, 0.2125])).toBeLessThan(1e-15);
    expect(e.loss).toBeCloseTo(1.05, 14);
    // f' = mean f over the device's experts, P' = Σ P
    const dev = deviceBalance(probs, chosen, 4, 2, 2);
    expect(maxAbsDiff(dev.f, [1.25, 0.75])).toBeLessThan(1e-15);
    expect(maxAbsDiff(dev.P, [0.55, 0.45])).toBeLessThan(1e-15);
    expect(dev.loss).toBeCloseTo(1.025, 14);
    // device 0 receives tokens 0, 2, 3; device 1 receives 1, 3; f'' = D/(M·T)·count with M = 2
    const comm = commBalance(probs, chosen, 4, 2, 2, 2);
    expect(maxAbsDiff(comm.f, [0.75, 0.5])).toBeLessThan(1e-15);
    expect(comm.loss).toBeCloseTo(0.6375, 14);
  });

  it('give exactly 1 under uniform routing', () => {
    // N_r = 16, K = 4, T = 8, D = 4, M = 2: token t takes 2 experts in each of groups t % 4 and (t + 2) % 4
    const uniform = Array.from({ length: 8 }, () => new Array(16).fill(1 / 16));
    const picks = Array.from({ length: 8 }, (_, t) => {
      const off = t < 4 ? 0 : 2;
      return [t % 4, (t + 2) % 4].flatMap((g) => [4 * g + off, 4 * g + off + 1]);
    });
    expect(expertBalance(uniform, picks, 16, 4).loss).toBe(1);
    expect(deviceBalance(uniform, picks, 16, 4, 4).loss).toBe(1);
    expect(commBalance(uniform, picks, 16, 4, 4, 2).loss).toBe(1);
    expect(seqAuxExpertBalance([uniform, uniform], [picks, picks], 16, 4).loss).toBe(1);
  });

  it('seq_aux averages the per-sequence expert loss', () => {
    const uniform = [
      [0.25, 0.25, 0.25, 0.25],
      [0.25, 0.25, 0.25, 0.25],
    ];
    const r = seqAuxExpertBalance(
      [probs, uniform],
      [
        chosen,
        [
          [0, 1],
          [2, 3],
        ],
      ],
      4,
      2,
    );
    expect(r.perSequence[0]).toBeCloseTo(1.05, 14);
    expect(r.perSequence[1]).toBe(1);
    expect(r.loss).toBeCloseTo(1.025, 14);
  });

  it('reject malformed input', () => {
    expect(() => expertBalance(probs, chosen.slice(1), 4, 2)).toThrow(/prob rows/);
    expect(() => expertBalance(probs, chosen, 4, 3)).toThrow(/expected 3/);
    expect(() => deviceBalance(probs, chosen, 4, 2, 3)).toThrow(/groups/);
  });
});
