import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { generate, type GenerateOptions, type GeneratedToken } from '../../../src/model/generate';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { argmax } from '../../../src/model/sampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const c = parseConfig({ ...TINY_TEST, initializer_range: 0.2 });
const sampling = { temperature: 1, topK: 0, topP: 1 };

async function collect(model: DeepseekV2Model, prompt: number[], opts: GenerateOptions): Promise<GeneratedToken[]> {
  const out: GeneratedToken[] = [];
  for await (const t of generate(model, prompt, opts)) out.push(t);
  return out;
}

describe('generate', () => {
  it('is deterministic in the seed and leaks no tensors', async () => {
    const model = DeepseekV2Model.init(c, 1);
    const before = tf.memory().numTensors;
    const a = await collect(model, [1, 2, 3], { maxNew: 20, sampling, seed: 42 });
    const b = await collect(model, [1, 2, 3], { maxNew: 20, sampling, seed: 42 });
    const other = await collect(model, [1, 2, 3], { maxNew: 20, sampling, seed: 43 });
    expect(a.map((t) => t.token)).toEqual(b.map((t) => t.token));
    expect(a.map((t) => t.token)).not.toEqual(other.map((t) => t.token));
    expect(a).toHaveLength(20);
    expect(a.map((t) => t.position)).toEqual(Array.from({ length: 20 }, (_, i) => 3 + i));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('greedy generation follows the argmax of a full forward', async () => {
    const model = DeepseekV2Model.init(c, 2);
    const prompt = [5, 9];
    const got = await collect(model, prompt, {
      maxNew: 8,
      sampling: { ...sampling, temperature: 0 },
      seed: 0,
      topK: 3,
    });
    const seq = [...prompt];
    for (const g of got) {
      const out = model.forward([seq]);
      const last = (await out.logits.array())[0][seq.length - 1];
      disposeForwardResult(out);
      expect(g.token).toBe(argmax(Float32Array.from(last)));
      expect(g.top![0].id).toBe(g.token);
      seq.push(g.token);
    }
    model.dispose();
  });

  it('attaches traces, stops on a stop token, on abort, and when the consumer breaks', async () => {
    const model = DeepseekV2Model.init(c, 3);
    const before = tf.memory().numTensors;
    const traced = await collect(model, [1], { maxNew: 3, sampling, seed: 7, record: true });
    expect(traced[0].trace!.kind).toBe('prefill');
    expect(traced[1].trace!.kind).toBe('decode');
    expect(traced[2].trace!.keys).toBe(3);
    expect(traced[2].cacheBytes).toBe((c.kv_lora_rank + c.qk_rope_head_dim) * c.num_hidden_layers * 3 * 4);
    const first = traced[0].token;
    const stopped = await collect(model, [1], { maxNew: 3, sampling, seed: 7, stopTokens: [first] });
    expect(stopped.map((t) => t.token)).toEqual([first]);
    const ctrl = new AbortController();
    const seen: number[] = [];
    for await (const t of generate(model, [1], { maxNew: 10, sampling, seed: 7, signal: ctrl.signal, record: true })) {
      seen.push(t.token);
      if (seen.length === 2) ctrl.abort();
    }
    expect(seen).toHaveLength(2);
    for await (const t of generate(model, [1], { maxNew: 10, sampling, seed: 7, record: true })) {
      if (t.step === 1) break;
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
