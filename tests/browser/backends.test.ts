import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backends';

/** y = softmax(A·B) on the active backend, as plain numbers. */
async function compute(): Promise<Float32Array> {
  const y = tf.tidy(() => {
    const a = tf.tensor2d(
      Array.from({ length: 48 }, (_, i) => Math.sin(i)),
      [6, 8],
    ); // [6, 8]
    const b = tf.tensor2d(
      Array.from({ length: 40 }, (_, i) => Math.cos(i / 3)),
      [8, 5],
    ); // [8, 5]
    return tf.softmax(tf.matMul(a, b)); // [6, 5]
  });
  const out = (await y.data()) as Float32Array;
  y.dispose();
  return out;
}

describe('backends in headless Chromium', () => {
  it('activates webgpu on a real adapter and matches cpu', async () => {
    const status = await selectBackend(['webgpu']);
    expect(status.active).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(status.adapter).not.toBeNull();
    const gpu = await compute();
    await tf.setBackend('cpu');
    const cpu = await compute();
    const maxDiff = Math.max(...gpu.map((v, i) => Math.abs(v - cpu[i])));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('falls through to the next backend and records the reason', async () => {
    const status = await selectBackend(['wasm', 'cpu']);
    expect(status.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(status.attempts).toEqual([expect.objectContaining({ name: 'wasm', ok: true })]);
  });
});
