/**
 * The model worker's host reports each step's GPU dispatches with its token (the ui bench reads
 * them): on real WebGPU (SwiftShader here) a generated token is 1–60 dispatches and the prompt
 * some more; on the cpu backend there are none to count (null).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { ModelHost } from '../../../src/worker/modelHost';
import type { WorkerEvent } from '../../../src/worker/protocol';

const NAMES = ['config.json', 'model.safetensors', 'tokenizer.json'];

async function shippedFiles() {
  return Promise.all(
    NAMES.map(async (name) => ({
      name,
      buffer: await fetch(`/models/tinyseek/${name}`).then((r) => r.arrayBuffer()),
    })),
  );
}

async function run(order: ['webgpu'] | ['cpu']) {
  const events: WorkerEvent[] = [];
  const host = new ModelHost((e) => events.push(e));
  host.handle({ type: 'init', order });
  host.handle({ type: 'load', source: { kind: 'files', files: await shippedFiles() } });
  host.handle({
    type: 'start',
    id: 1,
    session: { prompt: 'The fox', sampling: { temperature: 0, topK: 0, topP: 1 }, seed: 7 },
  });
  for (let i = 0; i < 3; i++) host.handle({ type: 'next', id: 1 });
  await host.idle();
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  expect(of('error')).toEqual([]);
  expect(tf.getBackend()).toBe(order[0]);
  return { started: of('started')[0], tokens: of('token') };
}

describe('ModelHost dispatch counts', () => {
  it('reports 1–60 GPU dispatches per generated token on webgpu, and null on cpu', async () => {
    const gpu = await run(['webgpu']);
    const perToken = gpu.tokens.map((e) => e.dispatches);
    console.log(`host: ${gpu.started.dispatches} dispatches for the prompt, ${perToken.join(', ')} per token`);
    expect(perToken).toHaveLength(3);
    for (const d of perToken) {
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(60);
    }
    expect(gpu.started.dispatches).toBeGreaterThan(60);

    const cpu = await run(['cpu']);
    expect(cpu.tokens.map((e) => e.dispatches)).toEqual([null, null, null]);
    expect(cpu.started.dispatches).toBeNull();
  });
});
