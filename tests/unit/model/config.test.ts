import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, softmaxScale } from '../../../src/model/config';
import { DEEPSEEK_V2, TINY_SPEC } from '../../../src/model/presets';

describe('parseConfig', () => {
  it('accepts the old "gready" spelling', () => {
    expect(parseConfig({ ...TINY_SPEC, topk_method: 'gready' }).topk_method).toBe('greedy');
  });
  it('reads the MHA-baseline extension, leaves MLA configs without it and names a bad value', () => {
    expect(parseConfig({ ...TINY_SPEC, attention_type: 'mha' }).attention_type).toBe('mha');
    expect(parseConfig({ ...TINY_SPEC, attention_type: 'mla' })).not.toHaveProperty('attention_type');
    expect(() => parseConfig({ ...TINY_SPEC, attention_type: 'gqa' })).toThrow(/config\.attention_type/);
  });
  it('names the field when experts do not split into groups', () => {
    expect(() => parseConfig({ ...TINY_SPEC, n_routed_experts: 15 })).toThrow(/config\.n_routed_experts/);
  });
  it('names the field when top-k exceeds what the groups allow', () => {
    expect(() => parseConfig({ ...TINY_SPEC, num_experts_per_tok: 9 })).toThrow(ConfigError);
    expect(() => parseConfig({ ...TINY_SPEC, num_experts_per_tok: 9 })).toThrow(/num_experts_per_tok/);
  });
  it('refuses an MLA config without kv_lora_rank by name (Hugging Face has no MLA without it); the MHA baseline needs none', () => {
    const { kv_lora_rank: _, ...without } = TINY_SPEC;
    expect(() => parseConfig(without)).toThrow(
      /^config\.kv_lora_rank: is missing; MLA needs the width d_c of its KV latent$/,
    );
    expect(() => parseConfig({ ...without, kv_lora_rank: null })).toThrow(/^config\.kv_lora_rank: is null;/);
    expect(() => parseConfig({ ...without, attention_type: 'mla' })).toThrow(/^config\.kv_lora_rank: is missing/);
    expect(parseConfig({ ...without, attention_type: 'mha' }).attention_type).toBe('mha');
    expect(parseConfig({ ...without, kv_lora_rank: 32 }).kv_lora_rank).toBe(32);
  });
  it('applies YaRN mscale² to the softmax scale for V2', () => {
    expect(softmaxScale(DEEPSEEK_V2)).toBeCloseTo(0.11472, 4);
    expect(softmaxScale(TINY_SPEC)).toBeCloseTo(1 / Math.sqrt(24), 10);
  });
  it('reads a deepseek_v3 config with Hugging Face field names, filling V3 routing defaults', () => {
    const { scoring_func: _s, topk_method: _t, norm_topk_prob: _n, ...rest } = TINY_SPEC;
    const c = parseConfig({
      ...rest,
      model_type: 'deepseek_v3',
      n_group: 2,
      topk_group: 1,
      routed_scaling_factor: 2.5,
    });
    expect(c).toMatchObject({
      model_type: 'deepseek_v3',
      scoring_func: 'sigmoid',
      topk_method: 'noaux_tc',
      norm_topk_prob: true,
      routed_scaling_factor: 2.5,
      num_nextn_predict_layers: 0,
    });
    expect(
      parseConfig({ ...rest, model_type: 'deepseek_v3', num_nextn_predict_layers: 1 }).num_nextn_predict_layers,
    ).toBe(1);
  });
  it('refuses a mix of V2 and V3 routing, naming the field', () => {
    expect(() => parseConfig({ ...TINY_SPEC, scoring_func: 'sigmoid' })).toThrow(
      /^config\.scoring_func: DeepSeek-V2 scores with "softmax", got "sigmoid"$/,
    );
    expect(() => parseConfig({ ...TINY_SPEC, topk_method: 'noaux_tc' })).toThrow(/^config\.topk_method: DeepSeek-V2/);
    expect(() => parseConfig({ ...TINY_SPEC, model_type: 'deepseek_v3', topk_method: 'greedy' })).toThrow(
      /^config\.topk_method: DeepSeek-V3 routes with "noaux_tc", got "greedy"$/,
    );
    expect(() =>
      parseConfig({ ...TINY_SPEC, model_type: 'deepseek_v3', scoring_func: 'softmax', topk_method: 'noaux_tc' }),
    ).toThrow(/^config\.scoring_func: DeepSeek-V3 scores with "sigmoid"/);
  });
  it('refuses noaux_tc groups of one expert (a group is ranked by its two best)', () => {
    const v3 = { ...TINY_SPEC, model_type: 'deepseek_v3', scoring_func: 'sigmoid', topk_method: 'noaux_tc' };
    const nr = TINY_SPEC.n_routed_experts!;
    expect(() => parseConfig({ ...v3, n_group: nr, topk_group: 1, num_experts_per_tok: 1 })).toThrow(
      /^config\.n_group: noaux_tc ranks each group by its two best experts/,
    );
  });
});
