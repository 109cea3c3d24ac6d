import { describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DEEPSEEK_V2, DEEPSEEK_V2_LITE, TINY_SPEC, TINY_TEST } from '../../../src/model/presets';
import {
  kvCacheElementsPerToken,
  kvCacheElementsPerTokenPerLayer,
  moeLayerCount,
  parameterCounts,
  tensorCount,
  totalParameters,
} from '../../../src/model/sizes';
import { isMoeLayer } from '../../../src/model/config';
import { expectedShapes, numel } from '../../../src/model/weights';

/** Independent counts from the tensor list: total, and activated = all but the embedding and unchosen experts. */
function countFromShapes(c: DeepseekV2Config): { total: number; activated: number } {
  let total = 0;
  let activated = 0;
  for (const [name, shape] of expectedShapes(c)) {
    const n = numel(shape);
    total += n;
    const expert = /\.mlp\.experts\.(\d+)\./.exec(name);
    if (name === 'model.embed_tokens.weight') continue;
    if (expert && Number(expert[1]) >= c.num_experts_per_tok) continue; // any K experts cost the same
    activated += n;
  }
  return { total, activated };
}

const variants: [string, DeepseekV2Config][] = [
  ['DeepSeek-V2', DEEPSEEK_V2],
  ['DeepSeek-V2-Lite', DEEPSEEK_V2_LITE],
  ['TINY_SPEC', TINY_SPEC],
  ['TINY_TEST', TINY_TEST],
  ['no q-LoRA', parseConfig({ ...TINY_TEST, q_lora_rank: null })],
  ['no shared experts', parseConfig({ ...TINY_TEST, n_shared_experts: 0 })],
  ['all dense', parseConfig({ ...TINY_TEST, n_routed_experts: null })],
  ['MoE every other layer', parseConfig({ ...TINY_TEST, first_k_dense_replace: 0, moe_layer_freq: 2 })],
  ['d_v ≠ d_h', parseConfig({ ...TINY_TEST, v_head_dim: 12 })],
];

describe('parameterCounts', () => {
  it('reproduces the headline figures of the paper (docs/model.md#sizes) for DeepSeek-V2 (235.74B total, 20.85B activated)', () => {
    const p = parameterCounts(DEEPSEEK_V2);
    expect(Math.round(p.total / 1e7) / 100).toBe(235.74);
    expect(Math.round(p.activated / 1e7) / 100).toBe(20.85);
    // the paper's rounded "236B / 21B"
    expect(Math.round(p.total / 1e9)).toBe(236);
    expect(Math.round(p.activated / 1e9)).toBe(21);
  });

  it('reproduces the V2-Lite figures (15.706B total, 2.451B activated)', () => {
    const p = parameterCounts(DEEPSEEK_V2_LITE);
    expect(Math.round(p.total / 1e6) / 1000).toBe(15.706);
    expect(Math.round(p.activated / 1e6) / 1000).toBe(2.451);
  });

  it('gives the tiny model exactly its parameter table (docs/model.md#presets)', () => {
    const p = parameterCounts(TINY_SPEC);
    expect(p.total).toBe(1_904_384);
    expect(p.activated).toBe(954_112);
    expect(p.embedding).toBe(65_536);
    expect(p.lmHead).toBe(65_536);
    expect(p.attentionPerLayer).toEqual([72_864, 72_864, 72_864, 72_864]);
    expect(p.ffnPerLayer).toEqual([147_456, 444_416, 444_416, 444_416]);
    // 4 of 16 experts (4 × 24,576) + shared 49,152 + router 2,048
    expect(p.activatedFfnPerLayer).toEqual([147_456, 149_504, 149_504, 149_504]);
    expect(p.norms).toBe(9 * 128);
  });

  it.each(variants)('%s: total and activated equal independent sums over expectedShapes', (_, c) => {
    const p = parameterCounts(c);
    const ref = countFromShapes(c);
    expect(p.total).toBe(ref.total);
    expect(p.activated).toBe(ref.activated);
    expect(p.attentionPerLayer).toHaveLength(c.num_hidden_layers);
  });

  it('counts a tied embedding once in total and as the output projection in activated', () => {
    const untied = parameterCounts(TINY_TEST);
    const tied = parameterCounts(parseConfig({ ...TINY_TEST, tie_word_embeddings: true }));
    expect(tied.lmHead).toBe(0);
    expect(tied.total).toBe(untied.total - untied.lmHead);
    expect(tied.activated).toBe(untied.activated);
    expect(tied.total).toBe(countFromShapes(parseConfig({ ...TINY_TEST, tie_word_embeddings: true })).total);
  });
});

describe('sizes in closed form, for refusing a config before anything is allocated', () => {
  const more: [string, DeepseekV2Config][] = [
    ...variants,
    ['MHA baseline', parseConfig({ ...TINY_TEST, attention_type: 'mha' })],
    ['tied embeddings', parseConfig({ ...TINY_TEST, tie_word_embeddings: true })],
    [
      'MoE every third layer from 2',
      parseConfig({ ...TINY_TEST, num_hidden_layers: 10, first_k_dense_replace: 2, moe_layer_freq: 3 }),
    ],
    ['first_k_dense_replace past the last layer', parseConfig({ ...TINY_TEST, first_k_dense_replace: 9 })],
  ];
  it.each(more)('%s: parameters, tensors and MoE layers equal the counts over expectedShapes', (_, c) => {
    const shapes = expectedShapes(c);
    expect(totalParameters(c)).toBe([...shapes.values()].reduce((a, s) => a + numel(s), 0));
    expect(tensorCount(c)).toBe(shapes.size);
    const moe = Array.from({ length: c.num_hidden_layers }, (_, l) => isMoeLayer(c, l)).filter(Boolean).length;
    expect(moeLayerCount(c)).toBe(moe);
  });
  it('sizes a config of 100,000 layers × 100,000 experts without walking it', () => {
    const huge = parseConfig({
      ...TINY_TEST,
      num_hidden_layers: 100_000,
      n_routed_experts: 100_000,
      n_group: 1,
      topk_group: 1,
    });
    expect(moeLayerCount(huge)).toBe(99_999);
    expect(tensorCount(huge)).toBe(3 + 100_000 * 9 + 99_999 * (1 + 3 * 100_001) + 3);
    expect(totalParameters(huge)).toBeGreaterThan(99_999 * 100_000 * 3 * 32 * 16);
  });
});

describe('kvCacheElementsPerTokenPerLayer', () => {
  it('gives the KV cache figures of docs/model.md#latent-kv-cache for DeepSeek-V2', () => {
    const kv = kvCacheElementsPerTokenPerLayer(DEEPSEEK_V2);
    expect(kv.mla).toBe(576);
    expect(kv.mha).toBe(32_768);
    expect(kv.mqa).toBe(256);
    expect(kv.gqa).toBe(512); // 256·n_g with 2 groups
    expect(kvCacheElementsPerTokenPerLayer(DEEPSEEK_V2, 8).gqa).toBe(2048);
    expect(kv.naive).toBe(40_960); // the reference code's expanded K (128×192) and V (128×128)
    expect(kv.mla / kv.mha).toBeCloseTo(0.0176, 4);
    // MLA caches as much as GQA with 2.25 groups
    expect(kv.mla / kv.mqa).toBe(2.25);
  });

  it('gives the whole-model figures of [P Table 9]: V2 34,560; V2-Lite 15,552 against 110,592 for MHA', () => {
    expect(kvCacheElementsPerToken(DEEPSEEK_V2).mla).toBe(34_560);
    const lite = kvCacheElementsPerToken(DEEPSEEK_V2_LITE);
    expect(lite.mla).toBe(15_552);
    expect(lite.mha).toBe(110_592);
    // in bf16, V2 needs 69,120 bytes per token
    expect(kvCacheElementsPerToken(DEEPSEEK_V2).mla * 2).toBe(69_120);
  });

  it('gives the tiny model its KV cache table (docs/model.md#latent-kv-cache)', () => {
    expect(kvCacheElementsPerTokenPerLayer(TINY_SPEC)).toEqual({ mla: 72, mha: 256, gqa: 64, mqa: 32, naive: 320 });
    expect(kvCacheElementsPerToken(TINY_SPEC)).toEqual({ mla: 288, mha: 1024, gqa: 256, mqa: 128, naive: 1280 });
  });

  it('follows MLA/MHA = 4.5/(2·n_h) when d_c = 4·d_h and d_h^R = d_h/2', () => {
    for (const c of [DEEPSEEK_V2, DEEPSEEK_V2_LITE, TINY_SPEC]) {
      const kv = kvCacheElementsPerTokenPerLayer(c);
      expect(kv.mla / kv.mha).toBeCloseTo(4.5 / (2 * c.num_attention_heads), 12);
    }
  });

  it('uses v_head_dim for the naive cache and rejects a bad group count', () => {
    expect(kvCacheElementsPerTokenPerLayer(parseConfig({ ...TINY_TEST, v_head_dim: 10 })).naive).toBe(4 * 12 + 4 * 10);
    expect(() => kvCacheElementsPerTokenPerLayer(TINY_SPEC, 0)).toThrow(RangeError);
    expect(() => kvCacheElementsPerTokenPerLayer(TINY_SPEC, 1.5)).toThrow(RangeError);
  });
});
