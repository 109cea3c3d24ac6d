/**
 * Training on WebGPU in headless Chromium against tfjs cpu: two trainStep updates of TINY_TEST
 * (LM + the three balance losses, clipping, AdamW) give the same losses, gradient norm and
 * weights. The gradient norm and the weight check sum ~50 tensors; with tf.addN that sum
 * exceeded WebGPU's 8 storage buffers per stage and read 0 (no clipping, no divergence check).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { namedParams } from '../../src/model/params';
import { selectBackend, type BackendName } from '../../src/runtime/backends';
import { TokenStream } from '../../src/train/data';
import { parseTrainConfig } from '../../src/train/trainConfig';
import { createTrainState, disposeTrainState, trainStep, type StepEvents } from '../../src/train/trainStep';

const RUN = parseTrainConfig({
  model: { preset: 'tiny-test', device_balance_alpha: 0.05, comm_balance_alpha: 0.02, initializer_range: 0.2 },
  // a low clip so the clipping (which needs the norm) really scales the update
  train: { seed: 3, batchSize: 2, seqLen: 8, steps: 10, lr: 1e-2, warmupSteps: 1, gradClip: 0.5 },
});
const CORPUS = Int32Array.from({ length: 400 }, (_, i) => (i * 7 + (i % 5)) % 64);

async function runOn(name: BackendName) {
  if (name === 'cpu') await tf.setBackend('cpu');
  else expect((await selectBackend([name])).active).toBe(name);
  const gpuErrors: string[] = [];
  const device = name === 'webgpu' ? (tf.backend() as unknown as { device: GPUDevice }).device : null;
  const onError = (e: Event) => gpuErrors.push((e as GPUUncapturedErrorEvent).error.message.split('\n')[0]);
  device?.addEventListener('uncapturederror', onError);
  const state = createTrainState(RUN.model, RUN.train);
  const stream = new TokenStream(CORPUS, RUN.train.batchSize, RUN.train.seqLen, 1);
  const events: StepEvents[] = [];
  for (let i = 0; i < 2; i++) events.push(await trainStep(state, stream.next()));
  const weights = new Map<string, number[]>();
  for (const [path, t] of namedParams(state.model.params)) weights.set(path, Array.from(await t.data()));
  disposeTrainState(state);
  device?.removeEventListener('uncapturederror', onError);
  return { backend: tf.getBackend(), gpuErrors, events, weights };
}

describe('trainStep on webgpu in headless Chromium', () => {
  it('two updates match cpu: losses, gradient norm and every weight', async () => {
    const gpu = await runOn('webgpu');
    const cpu = await runOn('cpu');
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.gpuErrors).toEqual([]);
    gpu.events.forEach((e, i) => {
      const c = cpu.events[i];
      expect(c.gradNorm).toBeGreaterThan(RUN.train.gradClip); // clipping engaged: the norm matters
      expect(e.gradNorm).toBeCloseTo(c.gradNorm, 3);
      expect(e.lmLoss).toBeCloseTo(c.lmLoss, 4);
      expect(e.aux.total).toBeCloseTo(c.aux.total, 4);
    });
    let maxDiff = 0;
    for (const [path, w] of cpu.weights) {
      const g = gpu.weights.get(path)!;
      w.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - g[i]))));
    }
    // Adam divides by √v, so float32 differences in tiny gradients move a weight by up to a few
    // percent of one step (lr 1e-2); an unclipped or skipped update would be off by a whole step
    expect(maxDiff).toBeLessThan(2e-3);
  });
});
