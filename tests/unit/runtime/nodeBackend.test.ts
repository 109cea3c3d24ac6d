import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chooseFastest, selectBackend } from '../../../src/runtime/backends';
import { selectNodeBackend, wasmDistDir } from '../../../src/runtime/nodeBackend';

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

  it('chooses by a timed probe: the faster of the backends that run, with the figures', async () => {
    const speeds: Record<string, number> = { wasm: 12, cpu: 40 };
    const probe = async () => speeds[tf.getBackend()];
    const status = await chooseFastest(['webgpu', 'webgl', 'wasm', 'cpu'], probe, { wasmPaths: wasmDistDir() });
    expect(status.active).toBe('wasm'); // cpu is never probed
    expect(tf.getBackend()).toBe('wasm');
    expect(status.choice?.how).toBe('fastest');
    expect(status.choice?.probes.map((p) => [p.name, p.tokensPerSecond, p.skipped ?? null])).toEqual([
      ['webgl', null, 'failed'],
      ['wasm', 12, null],
    ]);
    expect(status.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
  });
});
