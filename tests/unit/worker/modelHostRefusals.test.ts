/**
 * Models the app cannot show are refused with one clear message, and the model already loaded
 * keeps working: here the MHA ablation baseline, whose attention has no latent for the views.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, toConfigJson } from '../../../src/model/config';
import { TINY_TEST } from '../../../src/model/presets';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { initWeights } from '../../../src/model/weights';
import { ModelHost } from '../../../src/worker/modelHost';
import type { WorkerEvent } from '../../../src/worker/protocol';

const tokenizer = readFileSync('public/models/tinyseek/tokenizer.json');
const buffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function modelFiles(attention: 'mla' | 'mha') {
  const c = parseConfig({
    ...TINY_TEST,
    vocab_size: 1536,
    bos_token_id: 1534,
    eos_token_id: 1535,
    attention_type: attention,
  });
  const enc = new TextEncoder();
  return [
    { name: 'config.json', buffer: buffer(enc.encode(JSON.stringify(toConfigJson(c)))) },
    { name: 'model.safetensors', buffer: buffer(serializeSafetensors(initWeights(c, 1), 'F32')) },
    { name: 'tokenizer.json', buffer: buffer(tokenizer) },
  ];
}

describe('ModelHost refuses models the views cannot show', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('an MHA baseline: one line saying why, and the loaded MLA model stays', async () => {
    const events: WorkerEvent[] = [];
    const host = new ModelHost((e) => events.push(e), {
      select: async () => ({ active: 'cpu', adapter: null, attempts: [{ name: 'cpu', ok: true, ms: 0 }] }),
    });
    host.handle({ type: 'init', order: ['cpu'] });
    host.handle({ type: 'load', source: { kind: 'files', files: modelFiles('mla') } });
    host.handle({ type: 'load', source: { kind: 'files', files: modelFiles('mha') } });
    host.handle({
      type: 'start',
      id: 1,
      session: { prompt: 'Once', sampling: { temperature: 0, topK: 0, topP: 1 }, seed: 1 },
    });
    await host.idle();
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toEqual([
      {
        type: 'error',
        during: 'load',
        message: 'config.json: attention_type "mha" is the ablation baseline; the views need an MLA model',
      },
    ]);
    expect(events.filter((e) => e.type === 'loaded')).toHaveLength(1);
    expect(events.some((e) => e.type === 'started')).toBe(true);
  });
});
