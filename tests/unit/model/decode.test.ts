import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { readTrace } from '../../../src/model/trace';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = { ...TINY_TEST, initializer_range: 0.2, max_position_embeddings: 160 };
const CONFIGS: [string, DeepseekV2Config][] = [
  ['q-LoRA, group-limited', parseConfig(base)],
  [
    'plain q_proj, greedy, YaRN',
    parseConfig({
      ...base,
      q_lora_rank: null,
      topk_method: 'greedy',
      rope_scaling: {
        type: 'yarn',
        factor: 4,
        original_max_position_embeddings: 32,
        beta_fast: 32,
        beta_slow: 1,
        mscale: 1,
        mscale_all_dim: 1,
      },
    }),
  ],
  ['MHA baseline (attention_type mha)', parseConfig({ ...base, attention_type: 'mha' })],
];

function tokens(seed: number, V: number, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.int(V));
}

describe.each(CONFIGS)('cached decoding (%s)', (_name, c) => {
  it('prefill + 64 decode steps equal one full forward to 1e-4 (absorbed and naive)', async () => {
    const model = DeepseekV2Model.init(c, 3);
    const ids = tokens(4, c.vocab_size, 4 + 64);
    const full = model.forward([ids]);
    const ref = ((await full.logits.array()) as number[][][])[0]; // [T][V]
    disposeForwardResult(full);
    for (const attention of ['absorbed', 'naive'] as const) {
      const cache = model.newCache();
      const pre = model.prefill(ids.slice(0, 4), cache, { attention });
      const rows = (await pre.logits.array()) as number[][];
      pre.logits.dispose();
      for (let t = 4; t < ids.length; t++) {
        const step = model.decodeStep(ids[t], cache, { attention });
        rows.push(Array.from(await step.logits.data()));
        step.logits.dispose();
      }
      let maxDiff = 0;
      rows.forEach((row, t) => row.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - ref[t][i])))));
      expect(maxDiff).toBeLessThan(1e-4);
      expect(cache.length).toBe(ids.length);
      cache.dispose();
    }
    model.dispose();
  });
});

describe('latent KV cache', () => {
  const c = CONFIGS[0][1];

  it('holds (kv_lora_rank + qk_rope_head_dim)·layers·tokens·4 bytes', () => {
    const model = DeepseekV2Model.init(c, 5);
    const cache = model.newCache();
    expect(cache.bytes()).toBe(0);
    model.prefill([1, 2, 3], cache).logits.dispose();
    const perToken = (c.kv_lora_rank + c.qk_rope_head_dim) * c.num_hidden_layers * 4;
    expect(cache.bytes()).toBe(perToken * 3);
    for (let i = 0; i < 5; i++) model.decodeStep(i, cache).logits.dispose();
    expect(cache.bytes()).toBe(perToken * 8);
    expect(cache.latent(0)!.shape).toEqual([8, c.kv_lora_rank]);
    expect(cache.ropeKey(c.num_hidden_layers - 1)!.shape).toEqual([8, c.qk_rope_head_dim]);
    cache.dispose();
    expect(cache.bytes()).toBe(0);
    model.dispose();
  });

  it('for the MHA baseline holds every head key and value: 2·n_h·d_h·layers·tokens·4 bytes', () => {
    const mhaConfig = CONFIGS[2][1];
    const model = DeepseekV2Model.init(mhaConfig, 5);
    const cache = model.newCache();
    model.prefill([1, 2, 3, 4], cache).logits.dispose();
    const { num_attention_heads: nh, qk_nope_head_dim: dh, num_hidden_layers: l } = mhaConfig;
    expect(cache.bytes()).toBe(2 * nh * dh * l * 4 * 4);
    cache.dispose();
    model.dispose();
  });

  it('keeps tf.memory().numTensors flat over 100 decode steps, recording or not', async () => {
    const model = DeepseekV2Model.init(c, 6);
    for (const record of [false, true]) {
      const cache = model.newCache();
      model.prefill([1, 2], cache).logits.dispose();
      const counts: number[] = [];
      for (let i = 0; i < 100; i++) {
        const step = model.decodeStep(i % c.vocab_size, cache, { record, compareAttention: record });
        await step.logits.data();
        step.logits.dispose();
        if (step.trace) {
          const t = await readTrace(c, step.trace);
          expect(t.kind).toBe('decode');
          expect(t.keys).toBe(3 + i);
          expect(t.attention[0].probs.shape).toEqual([1, c.num_attention_heads, 1, 3 + i]);
          expect(t.attention[0].pathDiff).toBeLessThan(1e-5);
          expect(t.cacheBytes).toBe(cache.bytes());
        }
        counts.push(tf.memory().numTensors);
      }
      expect(new Set(counts).size).toBe(1);
      const before = counts[0];
      cache.dispose();
      expect(tf.memory().numTensors).toBe(before - 2 * c.num_hidden_layers);
    }
    model.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });

  it('refuses positions beyond max_position_embeddings without corrupting the cache', () => {
    const small = parseConfig({ ...c, max_position_embeddings: 4 });
    const model = DeepseekV2Model.init(small, 7);
    const cache = model.newCache();
    model.prefill([1, 2, 3, 4], cache).logits.dispose();
    expect(() => model.decodeStep(5, cache)).toThrow(/max_position_embeddings/);
    expect(cache.length).toBe(4);
    cache.dispose();
    model.dispose();
  });
});
