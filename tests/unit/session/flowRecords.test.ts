/**
 * The residual-stream fields of a TokenRecord (what the Model flow view draws) equal what the
 * model computes: the embedding row is the weight row, the blocks' outputs add up layer by layer,
 * and the last layer's output through the final norm and lm_head gives the recorded next tokens.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DeepseekV2Model } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { rmsNorm } from '../../../src/model/rmsNorm';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { ROW_HEAD } from '../../../src/model/trace';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { GenerationSession } from '../../../src/session/generationSession';
import type { TokenRecord, VectorSample } from '../../../src/session/records';

const tokenizer = BpeTokenizer.fromJSON(JSON.parse(readFileSync('public/models/tinyseek/tokenizer.json', 'utf8')));
const base = { ...TINY_TEST, vocab_size: tokenizer.vocabSize, max_position_embeddings: 32 };
const settings = { prompt: 'Once upon', sampling: { temperature: 1, topK: 0, topP: 1 }, seed: 5 };

beforeAll(async () => {
  await selectNodeBackend();
});

async function session(c: DeepseekV2Config): Promise<{ model: DeepseekV2Model; records: TokenRecord[] }> {
  const model = DeepseekV2Model.init(c, 11);
  const { session: s, records } = await GenerationSession.start(model, tokenizer, settings);
  records.push((await s.next())!, (await s.next())!);
  s.dispose();
  return { model, records };
}

const add = (...vs: VectorSample[]) => vs[0].values.map((_, i) => vs.reduce((sum, v) => sum + v.values[i], 0));

describe('TokenRecord residual-stream fields', () => {
  it('hold the embedding row, block outputs that sum to the next layer, and the next tokens', async () => {
    const c = parseConfig(base);
    const { model, records } = await session(c);
    const table = (await model.params.embedTokens.array()) as number[][];
    const head = (await model.params.lmHead!.array()) as number[][];
    for (const r of records) {
      expect(r.embedding.width).toBe(c.hidden_size);
      expect(r.embedding.values).toHaveLength(c.hidden_size);
      r.embedding.values.forEach((v, i) => expect(v).toBeCloseTo(table[r.id][i], 4));
      const norm = Math.hypot(...table[r.id]);
      expect(r.embedding.norm).toBeCloseTo(norm, 4);
      let stream = r.embedding;
      for (const L of r.layers) {
        expect(L.cQ).toHaveLength(c.q_lora_rank!);
        const sum = add(stream, L.attnOut, L.ffnOut);
        L.out.values.forEach((v, i) => expect(v).toBeCloseTo(sum[i], 3));
        expect(L.out.norm).toBeCloseTo(Math.hypot(...L.out.values), 3);
        stream = L.out;
      }
      // the final norm and lm_head on the last layer's output give the recorded top next token.
      const logits = tf.tidy(() =>
        tf.matMul(rmsNorm(tf.tensor2d([stream.values]), model.params.norm, c.rms_norm_eps), tf.tensor2d(head)),
      );
      const best = (await tf.argMax(logits, 1).data())[0];
      logits.dispose();
      expect(best).toBe(r.next[0].id);
    }
    model.dispose();
  });

  it('keeps the leading 128 entries and the full norm of a wider stream; c^Q is null without q-LoRA', async () => {
    const c = parseConfig({ ...base, hidden_size: 160, q_lora_rank: null });
    const { model, records } = await session(c);
    const table = (await model.params.embedTokens.array()) as number[][];
    const r = records.at(-1)!;
    expect(r.embedding.width).toBe(160);
    expect(r.embedding.values).toHaveLength(ROW_HEAD);
    expect(r.embedding.norm).toBeCloseTo(Math.hypot(...table[r.id]), 4);
    for (const L of r.layers) {
      expect(L.cQ).toBeNull();
      expect(L.out.values).toHaveLength(ROW_HEAD);
      expect(L.out.norm).toBeGreaterThanOrEqual(Math.hypot(...L.out.values) - 1e-4);
    }
    model.dispose();
  });
});
