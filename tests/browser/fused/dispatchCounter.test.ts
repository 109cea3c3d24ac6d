/**
 * The dispatch counter on real WebGPU (SwiftShader here): one tfjs op is one dispatch, reads and
 * reshapes are none, and the counter is gone after the call.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countDispatches } from '../../../src/model/fused/dispatchCounter';
import { DeepseekV2Model } from '../../../src/model/model';
import { disposeTrace } from '../../../src/model/trace';
import { selectBackend } from '../../../src/runtime/backends';
import { loadShipped } from './shipped';

describe('countDispatches on webgpu', () => {
  it('counts one dispatch per kernel and none for a reshape', async () => {
    expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    // 64×64: tfjs-webgpu runs ops on inputs under 1000 values on the cpu (WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD)
    const a = tf.tensor2d(
      Array.from({ length: 4096 }, (_, i) => (i % 7) / 7),
      [64, 64],
    ); // [64, 64]
    const one = countDispatches(() => tf.add(a, a)); // [64, 64]
    const none = countDispatches(() => tf.reshape(a, [4096])); // [4096]
    const three = countDispatches(() => tf.tidy(() => tf.exp(tf.mul(tf.add(a, 1), 2)))); // [64, 64]
    expect(one.dispatches).toBe(1);
    expect(none.dispatches).toBe(0);
    expect(three.dispatches).toBe(3);
    const got = (await three.result.data())[3]; // a[0][3] = 3/7
    expect(Math.abs(got - Math.exp((1 + 3 / 7) * 2))).toBeLessThan(1e-4);
    const after = countDispatches(() => 0);
    expect(after.dispatches).toBe(0);
    tf.dispose([a, one.result, none.result, three.result]);
  });

  it("counts the shipped model's decode token, trace on: fused and op-by-op", async () => {
    expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
    const { config, weights } = await loadShipped();
    const model = DeepseekV2Model.fromHostWeights(config, weights);
    const cache = model.newCache();
    model.prefill([5, 9, 12], cache).logits.dispose();
    const op = countDispatches(() => model.decodeStep(19, cache, { record: true, fused: false }));
    op.result.logits.dispose();
    disposeTrace(op.result.trace);
    const step = countDispatches(() => model.decodeStep(20, cache, { record: true }));
    console.log(`decode dispatches (trace on): ${step.dispatches} fused, ${op.dispatches} op-by-op`);
    expect(op.dispatches).toBeGreaterThan(400);
    expect(step.dispatches).toBeGreaterThan(0);
    expect(step.dispatches).toBeLessThanOrEqual(60);
    step.result.logits.dispose();
    disposeTrace(step.result.trace);
    cache.dispose();
    model.dispose();
  });
});
