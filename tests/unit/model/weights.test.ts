import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { DEEPSEEK_V2, DEEPSEEK_V2_LITE, TINY_SPEC, TINY_TEST } from '../../../src/model/presets';
import {
  WeightsError,
  expectedShapes,
  initWeights,
  isNormWeight,
  numel,
  validateWeights,
} from '../../../src/model/weights';

const L1 = 'model.layers.1';

describe('expectedShapes', () => {
  it('gives the tiny model the shapes its config implies (docs/model.md#checkpoint-format)', () => {
    const s = expectedShapes(TINY_SPEC);
    expect(s.get('model.embed_tokens.weight')).toEqual([512, 128]);
    expect(s.get(`${L1}.self_attn.q_a_proj.weight`)).toEqual([96, 128]);
    expect(s.get(`${L1}.self_attn.q_a_layernorm.weight`)).toEqual([96]);
    expect(s.get(`${L1}.self_attn.q_b_proj.weight`)).toEqual([192, 96]);
    expect(s.get(`${L1}.self_attn.kv_a_proj_with_mqa.weight`)).toEqual([72, 128]);
    expect(s.get(`${L1}.self_attn.kv_a_layernorm.weight`)).toEqual([64]);
    expect(s.get(`${L1}.self_attn.kv_b_proj.weight`)).toEqual([256, 64]);
    expect(s.get(`${L1}.self_attn.o_proj.weight`)).toEqual([128, 128]);
    expect(s.get(`${L1}.mlp.gate.weight`)).toEqual([16, 128]);
    expect(s.get(`${L1}.mlp.experts.15.gate_proj.weight`)).toEqual([64, 128]);
    expect(s.get(`${L1}.mlp.experts.15.down_proj.weight`)).toEqual([128, 64]);
    expect(s.get(`${L1}.mlp.shared_experts.up_proj.weight`)).toEqual([128, 128]);
    expect(s.get('model.layers.0.mlp.gate_proj.weight')).toEqual([384, 128]);
    expect(s.get('model.layers.0.mlp.down_proj.weight')).toEqual([128, 384]);
    expect(s.get('model.norm.weight')).toEqual([128]);
    expect(s.get('lm_head.weight')).toEqual([512, 128]);
    // layer 0 is dense, layers 1–3 are MoE
    expect(s.has('model.layers.0.mlp.gate.weight')).toBe(false);
    expect(s.has('model.layers.0.mlp.experts.0.up_proj.weight')).toBe(false);
    expect(s.has('model.layers.3.mlp.experts.0.up_proj.weight')).toBe(true);
    expect(s.has(`${L1}.mlp.gate_proj.weight`)).toBe(false);
    expect(s.has(`${L1}.mlp.experts.16.up_proj.weight`)).toBe(false);
    // 3 global + dense layer (2 norms + 7 attention + 3 MLP) + 3 MoE layers (2 + 7 + router + 16·3 + 3 shared)
    expect(s.size).toBe(3 + 12 + 3 * 61);
  });

  it('lists the Hugging Face shapes (docs/model.md#checkpoint-format) for DeepSeek-V2 and V2-Lite', () => {
    const v2 = expectedShapes(DEEPSEEK_V2);
    expect(v2.get(`${L1}.self_attn.q_b_proj.weight`)).toEqual([24576, 1536]);
    expect(v2.get(`${L1}.self_attn.kv_a_proj_with_mqa.weight`)).toEqual([576, 5120]);
    expect(v2.get(`${L1}.self_attn.kv_b_proj.weight`)).toEqual([32768, 512]);
    expect(v2.get(`${L1}.self_attn.o_proj.weight`)).toEqual([5120, 16384]);
    expect(v2.get(`${L1}.mlp.gate.weight`)).toEqual([160, 5120]);
    expect(v2.get('model.layers.59.mlp.experts.159.down_proj.weight')).toEqual([5120, 1536]);
    expect(v2.get(`${L1}.mlp.shared_experts.gate_proj.weight`)).toEqual([3072, 5120]);
    expect(v2.get('model.layers.0.mlp.up_proj.weight')).toEqual([12288, 5120]);

    const lite = expectedShapes(DEEPSEEK_V2_LITE);
    expect(lite.get(`${L1}.self_attn.q_proj.weight`)).toEqual([3072, 2048]);
    expect(lite.has(`${L1}.self_attn.q_a_proj.weight`)).toBe(false);
    expect(lite.has(`${L1}.self_attn.q_a_layernorm.weight`)).toBe(false);
    expect(lite.has(`${L1}.self_attn.q_b_proj.weight`)).toBe(false);
    expect(lite.get(`${L1}.self_attn.kv_b_proj.weight`)).toEqual([4096, 512]);
    expect(lite.get(`${L1}.self_attn.o_proj.weight`)).toEqual([2048, 2048]);
    expect(lite.get(`${L1}.mlp.shared_experts.down_proj.weight`)).toEqual([2048, 2816]);
    expect(lite.get('model.layers.0.mlp.gate_proj.weight')).toEqual([10944, 2048]);
    expect(lite.has('model.layers.27.input_layernorm.weight')).toBe(false);
  });

  it('omits shared experts when n_shared_experts is 0 and lm_head when embeddings are tied', () => {
    const s = expectedShapes(parseConfig({ ...TINY_TEST, n_shared_experts: 0, tie_word_embeddings: true }));
    expect([...s.keys()].some((k) => k.includes('shared_experts'))).toBe(false);
    expect(s.has('lm_head.weight')).toBe(false);
    expect(s.has('model.embed_tokens.weight')).toBe(true);
  });

  it('follows isMoeLayer: all dense without routed experts, every other layer with moe_layer_freq 2', () => {
    const dense = expectedShapes(parseConfig({ ...TINY_TEST, n_routed_experts: null }));
    expect([...dense.keys()].some((k) => k.includes('experts') || k.endsWith('mlp.gate.weight'))).toBe(false);
    expect(dense.get('model.layers.2.mlp.gate_proj.weight')).toEqual([48, 32]);

    const alt = expectedShapes(parseConfig({ ...TINY_TEST, first_k_dense_replace: 0, moe_layer_freq: 2 }));
    expect(alt.has('model.layers.0.mlp.gate.weight')).toBe(true);
    expect(alt.has('model.layers.1.mlp.gate_proj.weight')).toBe(true);
    expect(alt.has('model.layers.2.mlp.gate.weight')).toBe(true);
  });

  it('starts with the embedding and ends with the final norm and lm_head', () => {
    const names = [...expectedShapes(TINY_TEST).keys()];
    expect(names[0]).toBe('model.embed_tokens.weight');
    expect(names.slice(-2)).toEqual(['model.norm.weight', 'lm_head.weight']);
  });
});

describe('initWeights', () => {
  it('creates every expected tensor, in order, with data of the right length', () => {
    const w = initWeights(TINY_TEST, 1);
    const s = expectedShapes(TINY_TEST);
    expect([...w.keys()]).toEqual([...s.keys()]);
    for (const [name, t] of w) {
      expect(t.shape).toEqual(s.get(name));
      expect(t.data.length).toBe(numel(t.shape));
    }
    expect(() => validateWeights(TINY_TEST, w)).not.toThrow();
  });

  it('sets every norm to ones and draws matrices from N(0, initializer_range)', () => {
    const w = initWeights(TINY_SPEC, 3);
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (const [name, t] of w) {
      if (isNormWeight(name)) {
        expect(t.data.every((x) => x === 1)).toBe(true);
        continue;
      }
      for (const x of t.data) {
        sum += x;
        sq += x * x;
      }
      n += t.data.length;
    }
    // 4 norms per layer (input, post, q_a, kv_a) + the final one: all of them must be recognised
    expect([...w.keys()].filter(isNormWeight)).toHaveLength(4 * 4 + 1);
    expect(Math.abs(sum / n)).toBeLessThan(1e-4);
    expect(Math.sqrt(sq / n)).toBeCloseTo(TINY_SPEC.initializer_range, 4);
  });

  it('is deterministic in the seed', () => {
    const a = initWeights(TINY_TEST, 42);
    const b = initWeights(TINY_TEST, 42);
    const c = initWeights(TINY_TEST, 43);
    for (const [name, t] of a) expect(b.get(name)!.data).toEqual(t.data);
    expect(c.get('lm_head.weight')!.data).not.toEqual(a.get('lm_head.weight')!.data);
  });

  it('uses initializer_range as the standard deviation', () => {
    const w = initWeights(parseConfig({ ...TINY_TEST, initializer_range: 0.006 }), 5);
    const e = w.get('model.embed_tokens.weight')!.data;
    const rms = Math.sqrt(e.reduce((s, x) => s + x * x, 0) / e.length);
    expect(rms).toBeGreaterThan(0.0055);
    expect(rms).toBeLessThan(0.0065);
  });
});

describe('validateWeights', () => {
  const shapesOf = (c = TINY_SPEC) => new Map([...expectedShapes(c)].map(([k, shape]) => [k, { shape: [...shape] }]));

  it('accepts a complete checkpoint and ignores rotary_emb.inv_freq buffers', () => {
    const w = shapesOf();
    w.set(`${L1}.self_attn.rotary_emb.inv_freq`, { shape: [4] });
    expect(() => validateWeights(TINY_SPEC, w)).not.toThrow();
  });

  it('names a tensor with the wrong shape in one line', () => {
    const w = shapesOf();
    w.set(`${L1}.self_attn.kv_b_proj.weight`, { shape: [256, 32] });
    expect(() => validateWeights(TINY_SPEC, w)).toThrow(
      new WeightsError(
        `${L1}.self_attn.kv_b_proj.weight`,
        'model.layers.1.self_attn.kv_b_proj.weight: expected shape [256,64], got [256,32]',
      ),
    );
    w.set(`${L1}.self_attn.kv_b_proj.weight`, { shape: [256, 64, 1] });
    expect(() => validateWeights(TINY_SPEC, w)).toThrow(/expected shape \[256,64\], got \[256,64,1\]/);
  });

  it('names a missing tensor', () => {
    const w = shapesOf();
    w.delete('model.norm.weight');
    expect(() => validateWeights(TINY_SPEC, w)).toThrow(/^missing tensor model\.norm\.weight$/);
    try {
      validateWeights(TINY_SPEC, w);
    } catch (e) {
      expect(e).toBeInstanceOf(WeightsError);
      expect((e as WeightsError).tensor).toBe('model.norm.weight');
      expect((e as Error).message).not.toContain('\n');
    }
  });

  it('rejects unexpected tensors, including lm_head when embeddings are tied', () => {
    const w = shapesOf();
    w.set(`${L1}.mlp.experts.16.up_proj.weight`, { shape: [64, 128] });
    expect(() => validateWeights(TINY_SPEC, w)).toThrow(
      'unexpected tensor model.layers.1.mlp.experts.16.up_proj.weight',
    );
    const tied = parseConfig({ ...TINY_SPEC, tie_word_embeddings: true });
    expect(() => validateWeights(tied, shapesOf())).toThrow('unexpected tensor lm_head.weight');
  });

  it('rejects V2-Lite weights for a q-LoRA config (q_proj instead of q_a_proj)', () => {
    const lite = shapesOf(parseConfig({ ...TINY_SPEC, q_lora_rank: null }));
    expect(() => validateWeights(TINY_SPEC, lite)).toThrow('missing tensor model.layers.0.self_attn.q_a_proj.weight');
  });

  it('checks dtype and data length when they are given', () => {
    const w = shapesOf() as Map<string, { shape: number[]; dtype?: string; data?: Float32Array }>;
    w.set('model.norm.weight', { shape: [128], dtype: 'I64' });
    expect(() => validateWeights(TINY_SPEC, w)).toThrow('model.norm.weight: unsupported dtype I64');
    w.set('model.norm.weight', { shape: [128], dtype: 'BF16', data: new Float32Array(127) });
    expect(() => validateWeights(TINY_SPEC, w)).toThrow('model.norm.weight: shape [128] needs 128 values, got 127');
  });
});
