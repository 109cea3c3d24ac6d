import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backends';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';

describe('backend selection in Node', () => {
  it('records why webgpu and webgl fail, then activates wasm', async () => {
    const status = await selectNodeBackend(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(status.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(status.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(status.attempts[0].reason).toMatch(/WebGPU|navigator/);
    expect(status.adapter).toBeNull();
  });
  it('falls back to cpu', async () => {
    const status = await selectBackend(['cpu']);
    expect(status.active).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
