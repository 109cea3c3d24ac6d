import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { DeepseekV2Model } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { GenerationSession } from '../../../src/session/generationSession';

const tokenizer = BpeTokenizer.fromJSON(JSON.parse(readFileSync('public/models/tinyseek/tokenizer.json', 'utf8')));
const config = parseConfig({ ...TINY_TEST, vocab_size: tokenizer.vocabSize, max_position_embeddings: 32 });
const settings = { prompt: 'Once upon a time', sampling: { temperature: 1, topK: 0, topP: 1 }, seed: 7 };
let model: DeepseekV2Model;

beforeAll(async () => {
  await selectNodeBackend();
  model = DeepseekV2Model.init(config, 3);
});

async function generateIds(n: number): Promise<number[]> {
  const { session } = await GenerationSession.start(model, tokenizer, settings);
  for (let i = 0; i < n; i++) await session.next();
  const ids = [...session.tokens];
  session.dispose();
  return ids;
}

describe('GenerationSession', () => {
  it('records every prompt token, then one record per generated token', async () => {
    const { session, records, truncated } = await GenerationSession.start(model, tokenizer, settings);
    const promptIds = tokenizer.encode(settings.prompt);
    expect(truncated).toBe(0);
    expect(records.map((r) => r.id)).toEqual([tokenizer.specialTokens.bos, ...promptIds]);
    const r = (await session.next())!;
    expect(r.index).toBe(promptIds.length + 1);
    expect(r.source).toBe('generated');
    expect(r.layers).toHaveLength(config.num_hidden_layers);
    const layer1 = r.layers[1];
    expect(layer1.attention).toHaveLength(config.num_attention_heads);
    expect(layer1.attention[0]).toHaveLength(r.index + 1);
    expect(layer1.attention[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(layer1.cKV).toHaveLength(config.kv_lora_rank);
    expect(layer1.routing!.experts).toHaveLength(config.num_experts_per_tok);
    expect(r.layers[0].routing).toBeNull();
    expect(layer1.pathDiff!).toBeLessThan(1e-4);
    expect(r.cacheBytes).toBe(
      (config.kv_lora_rank + config.qk_rope_head_dim) * 4 * config.num_hidden_layers * (r.index + 1),
    );
    expect(r.next).toHaveLength(10);
    session.dispose();
  });

  it('gives the same tokens for the same seed', async () => {
    expect(await generateIds(6)).toEqual(await generateIds(6));
  });

  it('truncates a prompt longer than the context and says by how much', async () => {
    const long = 'the cat sat on the mat. '.repeat(20);
    const { session, records, truncated } = await GenerationSession.start(model, tokenizer, {
      ...settings,
      prompt: long,
    });
    expect(truncated).toBeGreaterThan(0);
    expect(records.length - 1 + truncated).toBe(tokenizer.encode(long).length);
    session.dispose();
  });

  it('refuses an empty prompt with a clear message', async () => {
    await expect(GenerationSession.start(model, tokenizer, { ...settings, prompt: '' })).rejects.toThrow(
      /prompt is empty/,
    );
  });

  it('changes the next-token distribution when the chosen experts are switched off, and leaks nothing', async () => {
    const { session, records } = await GenerationSession.start(model, tokenizer, settings);
    const chosen = records[2].layers[1].routing!.experts;
    const before = tf.memory().numTensors;
    const plain = await session.whatIf(2, {});
    const off = await session.whatIf(2, { disabledExperts: { 1: chosen, 2: chosen } });
    expect(off.map((t) => t.p)).not.toEqual(plain.map((t) => t.p));
    expect(tf.memory().numTensors).toBe(before);
    session.dispose();
  });
});
