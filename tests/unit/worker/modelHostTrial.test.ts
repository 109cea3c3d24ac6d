/**
 * A dropped model that passes the file checks but cannot run never replaces the model in use:
 * each case below is the shipped model with one thing broken. The host must say why in one line,
 * keep the shipped model loaded, and still run a prompt on it.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors, serializeSafetensors } from '../../../src/model/safetensors';
import type { HostWeights } from '../../../src/model/weights';
import { ModelHost } from '../../../src/worker/modelHost';
import type { WorkerEvent } from '../../../src/worker/protocol';

const MODEL = 'public/models/tinyseek';
const read = (name: string) => readFileSync(`${MODEL}/${name}`);
const buffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** The shipped model's files, with the config and the weights changed by the callbacks. */
function files(
  editConfig: (c: Record<string, unknown>) => void = () => {},
  editWeights: (w: HostWeights) => void = () => {},
) {
  const config = JSON.parse(read('config.json').toString('utf8')) as Record<string, unknown>;
  editConfig(config);
  const weights: HostWeights = new Map();
  for (const [name, t] of parseSafetensors(read('model.safetensors')).tensors) weights.set(name, t);
  editWeights(weights);
  return [
    { name: 'config.json', buffer: buffer(new TextEncoder().encode(JSON.stringify(config))) },
    { name: 'model.safetensors', buffer: buffer(serializeSafetensors(weights)) },
    { name: 'tokenizer.json', buffer: buffer(read('tokenizer.json')) },
  ];
}

/** Sets every value of one tensor. */
const fill = (name: string, v: number) => (w: HostWeights) => w.get(name)!.data.fill(v);

/** Pads the embedding and lm_head to `rows` tokens, as a model with a larger vocab_size has. */
const padVocab = (rows: number) => (w: HostWeights) => {
  for (const name of ['model.embed_tokens.weight', 'lm_head.weight']) {
    const t = w.get(name)!;
    const data = new Float32Array(rows * t.shape[1]);
    data.set(t.data);
    w.set(name, { shape: [rows, t.shape[1]], data });
  }
};

const GREEDY = { prompt: 'Once upon a time', sampling: { temperature: 0, topK: 0, topP: 1 }, seed: 1 };

/** Loads the shipped model, then `bad`, then runs a prompt; returns every event. */
async function loadThenBad(bad: { name: string; buffer: ArrayBuffer }[]): Promise<WorkerEvent[]> {
  const events: WorkerEvent[] = [];
  const host = new ModelHost((e) => events.push(e), {
    select: async () => ({ active: 'cpu', adapter: null, attempts: [{ name: 'cpu', ok: true, ms: 0 }] }),
  });
  host.handle({ type: 'init', order: ['cpu'] });
  host.handle({ type: 'load', source: { kind: 'files', files: files() } });
  host.handle({ type: 'start', id: 1, session: GREEDY });
  host.handle({ type: 'load', source: { kind: 'files', files: bad } });
  host.handle({ type: 'next', id: 1 }); // the session of the model in use survives the failed load
  host.handle({ type: 'start', id: 2, session: GREEDY });
  await host.idle();
  return events;
}

describe('ModelHost: a model that cannot run is refused and the model in use stays', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    [
      'NaN in one expert weight',
      files(undefined, (w) => {
        w.get('model.layers.2.mlp.experts.5.up_proj.weight')!.data[7] = NaN;
      }),
      'model.safetensors: model.layers.2.mlp.experts.5.up_proj.weight holds NaN or infinite values',
    ],
    [
      'an infinite weight',
      files(undefined, fill('model.layers.0.input_layernorm.weight', Infinity)),
      'model.safetensors: model.layers.0.input_layernorm.weight holds NaN or infinite values',
    ],
    [
      'finite weights whose logits overflow',
      files(undefined, (w) => {
        fill('model.norm.weight', 1e3)(w);
        fill('lm_head.weight', 3e38)(w);
      }),
      /^a trial run of \d+ tokens gave (NaN|infinite) logits, so the model cannot generate$/,
    ],
    [
      'vocab_size larger than the tokenizer',
      files((c) => (c.vocab_size = 1600), padVocab(1600)),
      'tokenizer.json: has 1536 tokens but config.vocab_size is 1600: the model could pick a token the tokenizer cannot write',
    ],
    [
      'max_position_embeddings: 1',
      files((c) => (c.max_position_embeddings = 1)),
      'config.max_position_embeddings is 1; a prompt needs at least 16 positions',
    ],
  ])('%s', async (_, bad, message) => {
    const events = await loadThenBad(bad);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ during: 'load' });
    expect((errors[0] as { message: string }).message).toMatch(
      typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message,
    );
    expect(events.filter((e) => e.type === 'loaded')).toHaveLength(1);
    // the shipped model still runs: the old session stepped on, and a new prompt gives the same tokens
    const started = events.filter((e) => e.type === 'started');
    expect(started.map((e) => e.id)).toEqual([1, 2]);
    expect(started[1].records.map((r) => r.id)).toEqual(started[0].records.map((r) => r.id));
    const token = events.find((e) => e.type === 'token');
    expect(token?.type === 'token' && token.record).toBeTruthy();
  });

  it('a model refused by its trial run leaves no tensor behind', async () => {
    const host = new ModelHost(() => {}, {
      select: async () => ({ active: 'cpu', adapter: null, attempts: [{ name: 'cpu', ok: true, ms: 0 }] }),
    });
    host.handle({ type: 'init', order: ['cpu'] });
    host.handle({ type: 'load', source: { kind: 'files', files: files() } });
    await host.idle();
    const before = tf.memory().numTensors;
    const overflow = files(undefined, (w) => {
      fill('model.norm.weight', 1e3)(w);
      fill('lm_head.weight', 3e38)(w);
    });
    host.handle({ type: 'load', source: { kind: 'files', files: overflow } });
    await host.idle();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a model that runs replaces the one in use', async () => {
    const events = await loadThenBad(files((c) => (c.eos_token_id = 1534)));
    expect(events.filter((e) => e.type === 'error' && e.during === 'load')).toEqual([]);
    expect(events.filter((e) => e.type === 'loaded')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'started').map((e) => e.id)).toEqual([1, 2]);
  });
});
