/**
 * The model on WebGPU in headless Chromium (a real adapter: SwiftShader without a GPU) against
 * tfjs cpu: the same forward (logits and the experts each MoE layer chose) and one cached
 * decode step, to 1e-4. TINY_TEST keeps the tensors small: SwiftShader is slower than cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { DeepseekV2Model, disposeForwardResult } from '../../src/model/model';
import { parseConfig } from '../../src/model/config';
import { TINY_TEST } from '../../src/model/presets';
import { readTrace, type PendingTrace } from '../../src/model/trace';
import { selectBackend, type BackendName } from '../../src/runtime/backends';

/** Larger weights than the default init, so logits and routing are far from uniform. */
const CONFIG = parseConfig({ ...TINY_TEST, initializer_range: 0.2 });
const IDS = [3, 17, 60, 5, 41, 9, 22, 63];
const PREFIX = IDS.length - 1;

interface Run {
  backend: string;
  /** WebGPU validation errors (an invalid shader voids its whole command buffer: zeros, silently). */
  gpuErrors: string[];
  /** [T][V] forward logits. */
  logits: number[][];
  /** per MoE layer, per position: the chosen experts, highest gate first. */
  experts: number[][][];
  /** [V] logits of decodeStep(IDS[T−1]) after prefill(IDS[0 … T−2]). */
  decode: number[];
  /** tensors left behind by the calls above. */
  leaked: number;
}

async function runOn(name: BackendName): Promise<Run> {
  if (name === 'cpu') await tf.setBackend('cpu');
  else expect((await selectBackend([name])).active).toBe(name);
  const backend = tf.getBackend();
  const gpuErrors: string[] = [];
  const device = name === 'webgpu' ? (tf.backend() as unknown as { device: GPUDevice }).device : null;
  const onError = (e: Event) => gpuErrors.push((e as GPUUncapturedErrorEvent).error.message.split('\n')[0]);
  device?.addEventListener('uncapturederror', onError);
  const model = DeepseekV2Model.init(CONFIG, 11);
  const before = tf.memory().numTensors;
  const r = model.forward([IDS], { record: true });
  const logits = ((await r.logits.array()) as number[][][])[0];
  const trace = await readTrace(CONFIG, r.trace as PendingTrace);
  r.trace = null;
  disposeForwardResult(r);
  const cache = model.newCache();
  model.prefill(IDS.slice(0, PREFIX), cache).logits.dispose();
  const step = model.decodeStep(IDS[PREFIX], cache);
  const decode = Array.from(await step.logits.data());
  step.logits.dispose();
  cache.dispose();
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  device?.removeEventListener('uncapturederror', onError);
  return {
    backend,
    gpuErrors: [...new Set(gpuErrors)],
    logits,
    experts: trace.moe.map((m) => m.experts),
    decode,
    leaked,
  };
}

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('DeepseekV2Model on webgpu in headless Chromium', () => {
  it('forward and a cached decode step match cpu to 1e-4, with the same experts', async () => {
    const gpu = await runOn('webgpu');
    const cpu = await runOn('cpu');
    expect(gpu.backend).toBe('webgpu');
    expect(cpu.backend).toBe('cpu');
    expect(gpu.gpuErrors).toEqual([]);
    expect(gpu.leaked).toBe(0);

    expect(gpu.logits).toHaveLength(IDS.length);
    expect(maxDiff(gpu.logits.flat(), cpu.logits.flat())).toBeLessThan(1e-4);
    expect(gpu.experts).toHaveLength(2);
    expect(gpu.experts).toEqual(cpu.experts);
    // the decode step sees the same prefix as the forward's last position
    expect(maxDiff(gpu.decode, cpu.decode)).toBeLessThan(1e-4);
    expect(maxDiff(gpu.decode, gpu.logits[PREFIX])).toBeLessThan(1e-4);
    // not vacuous: the logits are far from constant
    expect(Math.max(...cpu.decode) - Math.min(...cpu.decode)).toBeGreaterThan(1);
  });
});
