/**
 * The app's generation session on WebGPU (SwiftShader here): a generated token, recorded as the
 * views need it (record + compareAttention), goes through the fused decode: at most 60 GPU
 * dispatches (the op-by-op prefill of one token runs over 500), and its record matches the
 * shipped model's cpu session to 1e-4.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { countDispatchesAsync } from '../../../src/model/fused/dispatchCounter';
import { DeepseekV2Model } from '../../../src/model/model';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { selectBackend } from '../../../src/runtime/backends';
import { GenerationSession } from '../../../src/session/generationSession';
import type { TokenRecord } from '../../../src/session/records';
import { loadShipped } from './shipped';

const settings = { prompt: 'The fox', sampling: { temperature: 0, topK: 0, topP: 1 }, seed: 7 };

async function generated(backend: 'webgpu' | 'cpu') {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
  expect(tf.getBackend()).toBe(backend);
  const { config, weights } = await loadShipped();
  const tok = BpeTokenizer.fromJSON(
    await fetch('/models/tinyseek/tokenizer.json').then((r) => r.json() as Promise<unknown>),
  );
  const model = DeepseekV2Model.fromHostWeights(config, weights);
  const { session } = await GenerationSession.start(model, tok, settings);
  const counted = await countDispatchesAsync(() => session.next());
  session.dispose();
  model.dispose();
  return { record: counted.result as TokenRecord, dispatches: counted.dispatches };
}

describe('generation session on webgpu', () => {
  it('records a generated token through the fused decode', async () => {
    const gpu = await generated('webgpu');
    const cpu = await generated('cpu');
    console.log(`session: ${gpu.dispatches} dispatches for a generated token`);
    expect(gpu.dispatches).toBeGreaterThan(0);
    expect(gpu.dispatches).toBeLessThanOrEqual(60);
    expect(gpu.record.id).toBe(cpu.record.id);
    expect(gpu.record.next.map((n) => n.id)).toEqual(cpu.record.next.map((n) => n.id));
    const diff = Math.max(...gpu.record.next.map((n, i) => Math.abs(n.p - cpu.record.next[i].p)));
    expect(diff).toBeLessThan(1e-4);
    expect(gpu.record.layers.map((l) => l.pathDiff)).not.toContain(null);
    // the views' attention weights and their content / position parts
    const parts = (r: TokenRecord) => r.layers.flatMap((l) => [...l.attention, ...l.nope, ...l.rope].flat());
    const [a, b] = [parts(gpu.record), parts(cpu.record)];
    expect(a.length).toBe(b.length);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-4);
  });
});
