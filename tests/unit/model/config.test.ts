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
});
