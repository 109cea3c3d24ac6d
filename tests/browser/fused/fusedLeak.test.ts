/**
 * 200 fused decode steps on real WebGPU (SwiftShader here) leave the tfjs tensor count and the
 * backend's GPU buffer count where they were: the kernels' outputs, the replaced cache slots and
 * the packed trace tensors are all freed. A tiny config keeps it short.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { usesFusedDecode } from '../../../src/model/fused/fusedDecode';
import { DeepseekV2Model } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { disposeTrace, readTrace } from '../../../src/model/trace';
import { selectBackend } from '../../../src/runtime/backends';

interface BufferCounts {
  bufferManager: { getNumUsedBuffers(): number };
}

describe('fused WebGPU decode, 200 steps', () => {
  it('keeps the tensor and GPU buffer counts flat', async () => {
    expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    const buffers = () => (tf.backend() as unknown as BufferCounts).bufferManager.getNumUsedBuffers();
    const c = parseConfig({ ...TINY_TEST, max_position_embeddings: 256 });
    const model = DeepseekV2Model.init(c, 3);
    const cache = model.newCache();
    model.prefill([1, 2, 3], cache).logits.dispose();
    expect(usesFusedDecode(c, cache)).toBe(true);
    let tensors = 0;
    let used = 0;
    for (let step = 0; step < 200; step++) {
      // the trace on every 10th step: read once, dropped unread once
      const record = step % 10 === 0;
      const { logits, trace } = model.decodeStep((step * 7) % c.vocab_size, cache, { record });
      await logits.data();
      logits.dispose();
      if (trace && step % 20 === 0) await readTrace(c, trace);
      else disposeTrace(trace);
      if (step === 9) [tensors, used] = [tf.memory().numTensors, buffers()];
    }
    expect(cache.length).toBe(203);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(buffers()).toBe(used);
    cache.dispose();
    model.dispose();
  });
});
