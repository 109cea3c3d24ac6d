/**
 * How many tfjs kernels one decode step of the shipped model runs (issue #15): on WebGPU and WebGL
 * nearly every kernel is its own dispatch, and on wasm and cpu each costs a call, so the count is
 * held down here (a count, never a time). It was 529 (647 recording the trace) before the
 * transposes that move no data became reshapes, RoPE became one product with each position's
 * rotation matrix, the unmasked decode step stopped adding a mask, and the cached latent was read
 * without a copy.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelDir } from '../../../src/cli/modelDir';
import { DeepseekV2Model } from '../../../src/model/model';
import { disposeTrace } from '../../../src/model/trace';

let model: DeepseekV2Model;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const files = readModelDir('public/models/tinyseek');
  model = DeepseekV2Model.fromHostWeights(files.config, files.weights);
});
afterAll(() => model?.dispose());

/** Kernels of one decode step by name (customGrad's "unnamed scope" entries run no kernel). */
async function decodeKernels(record: boolean): Promise<Map<string, number>> {
  const cache = model.newCache();
  model.prefill([5, 6, 7, 8], cache).logits.dispose();
  const profile = await tf.profile(async () => {
    const step = model.decodeStep(9, cache, { record });
    await step.logits.data();
    step.logits.dispose();
    disposeTrace(step.trace);
  });
  cache.dispose();
  const byName = new Map<string, number>();
  for (const k of profile.kernels) {
    if (k.name !== 'unnamed scope') byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
  }
  return byName;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('kernels of one decode step (shipped model, cpu)', () => {
  it('at most 440 without the trace, with few transposes', async () => {
    const kernels = await decodeKernels(false);
    expect(kernels.get('BatchMatMul')).toBeGreaterThan(60); // the step really ran: ≥ 15 products per layer
    expect(total(kernels)).toBeLessThanOrEqual(440);
    expect(kernels.get('Transpose') ?? 0).toBeLessThanOrEqual(16); // 36 before: only the weights' and the keys' are real
  });

  it('at most 550 recording the trace', async () => {
    const kernels = await decodeKernels(true);
    expect(total(kernels)).toBeLessThanOrEqual(550);
  });
});
