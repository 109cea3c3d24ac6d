/** Which decode steps the fused WebGPU path covers (src/model/fused/fusedDecode.ts); the rest take the op-by-op path. */
import { describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { fusedUnsupported } from '../../../src/model/fused/fusedDecode';
import { TINY_TEST } from '../../../src/model/presets';

describe('fusedUnsupported', () => {
  it('covers an MLA softmax config with the trace and compareAttention on', () => {
    expect(fusedUnsupported(TINY_TEST)).toBeNull();
    expect(fusedUnsupported(TINY_TEST, { record: true, compareAttention: true, attention: 'absorbed' })).toBeNull();
    expect(fusedUnsupported(TINY_TEST, { interventions: {} })).toBeNull();
  });

  it('names why everything else takes the op-by-op path', () => {
    expect(fusedUnsupported(TINY_TEST, { fused: false })).toBe('fused: false');
    expect(fusedUnsupported(parseConfig({ ...TINY_TEST, attention_type: 'mha' }))).toBe('MHA baseline');
    const sigmoid = { ...TINY_TEST, scoring_func: 'sigmoid' } as unknown as DeepseekV2Config;
    expect(fusedUnsupported(sigmoid)).toBe('scoring_func sigmoid');
    const noaux = { ...TINY_TEST, topk_method: 'noaux_tc' } as unknown as DeepseekV2Config;
    expect(fusedUnsupported(noaux)).toBe('topk_method noaux_tc');
    expect(fusedUnsupported(TINY_TEST, { attention: 'naive' })).toBe('naive attention path');
    expect(fusedUnsupported(TINY_TEST, { training: {} })).toBe('training options');
    for (const interventions of [
      { topK: 2 },
      { topkGroup: 1 },
      { disableShared: true },
      { disabledExperts: { 1: [0] } },
    ]) {
      expect(fusedUnsupported(TINY_TEST, { interventions })).toBe('routing interventions');
    }
  });

  it('leaves a model whose workgroup arrays exceed 16 KiB to the op-by-op path', () => {
    const wide = parseConfig({ ...TINY_TEST, num_attention_heads: 128, v_head_dim: 128 });
    expect(fusedUnsupported(wide)).toBeNull(); // attention alone fits
    expect(fusedUnsupported(wide, { record: true, compareAttention: true })).toBe('workgroup memory'); // n_h·d_v = 16384
    expect(fusedUnsupported(parseConfig({ ...TINY_TEST, kv_lora_rank: 2048 }))).toBe('workgroup memory');
  });
});
