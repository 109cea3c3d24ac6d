/**
 * The worker's lost-GPU path, on a real model: a "webgpu" backend (tfjs-backend-cpu's kernels
 * registered under that name, since Node has no GPU) whose device is lost mid-session. The host
 * must say so, give that backend up, choose the next one, rebuild the model from the weights it
 * kept, and keep generating the same tokens.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelHost } from '../../../src/worker/modelHost';
import type { SessionRequest, WorkerEvent } from '../../../src/worker/protocol';
import { FAKE_GPU, losableGpu, registerFakeGpu, select, unregisterFakeGpu } from './fakeGpu';

const MODEL = 'public/models/tinyseek';

const files = () =>
  ['config.json', 'model.safetensors', 'tokenizer.json'].map((name) => {
    const b = readFileSync(`${MODEL}/${name}`);
    return { name, buffer: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
  });

const REQUEST: SessionRequest = {
  prompt: 'Once upon a time',
  sampling: { temperature: 0.8, topK: 40, topP: 0.95 },
  seed: 7,
};

describe('ModelHost after a lost GPU device', () => {
  let before = '';
  beforeAll(() => {
    before = tf.getBackend();
    registerFakeGpu();
  });
  afterAll(() => unregisterFakeGpu(before));

  it('says so, falls back to another backend, rebuilds the model from its weights and keeps generating', async () => {
    const events: WorkerEvent[] = [];
    const gpu = losableGpu();
    const host = new ModelHost((e) => events.push(e), gpu.hooks);
    const of = <T extends WorkerEvent['type']>(type: T) =>
      events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);

    host.handle({ type: 'init', order: ['webgpu', 'cpu'] });
    host.handle({ type: 'load', source: { kind: 'files', files: files() } });
    host.handle({ type: 'start', id: 1, session: REQUEST });
    for (let i = 0; i < 3; i++) host.handle({ type: 'next', id: 1 });
    await host.idle();
    expect(of('error')).toEqual([]);
    expect(of('backend')[0].status.active).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    const onGpu = of('token').map((e) => e.record!.id);
    expect(onGpu).toHaveLength(3);

    gpu.lose({ reason: 'unknown', message: 'the adapter went away' });
    await new Promise((r) => setTimeout(r, 0)); // the loss is reported from the promise's callback
    await host.idle();

    expect(of('deviceLost').map((e) => e.message)).toEqual(['the GPU device was lost (the adapter went away)']);
    const after = of('backend')[1].status;
    expect(after.active).toBe('cpu');
    // the badge can say why webgpu is no longer used
    expect(after.attempts[0]).toMatchObject({ name: 'webgpu', ok: false, reason: /GPU device was lost/ });
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.findBackendFactory(FAKE_GPU)).toBeNull();
    expect(of('loaded')).toHaveLength(2);
    expect(of('loaded')[1].model.name).toBe(of('loaded')[0].model.name);

    // the UI replays the session (as its 'loaded' handler does): the same tokens, now on cpu
    host.handle({ type: 'start', id: 2, session: REQUEST });
    for (let i = 0; i < 3; i++) host.handle({ type: 'next', id: 2 });
    await host.idle();
    expect(of('error')).toEqual([]);
    const started = of('started');
    expect(started[1].records.map((r) => r.id)).toEqual(started[0].records.map((r) => r.id));
    expect(
      of('token')
        .filter((e) => e.id === 2)
        .map((e) => e.record!.id),
    ).toEqual(onGpu);
  });

  it('ignores a device it destroyed itself', async () => {
    const events: WorkerEvent[] = [];
    const host = new ModelHost((e) => events.push(e), {
      select: () => select(['cpu']),
      deviceLoss: () => Promise.resolve({ reason: 'destroyed', message: '' }),
    });
    host.handle({ type: 'init', order: ['cpu'] });
    await host.idle();
    await new Promise((r) => setTimeout(r, 0));
    await host.idle();
    expect(events.map((e) => e.type)).toEqual(['backend']);
  });
});
