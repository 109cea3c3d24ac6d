import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { configFor, runModelBench, type BenchPlan, type ContextResult } from '../../../bench/modelBench';
import { markdown, num, targetLine, type TargetResult } from '../../../bench/report';
import { mapDecreasing, spread } from '../../../bench/stats';
import { TINY_TEST, TINYSEEK } from '../../../src/model/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('bench stats', () => {
  it('median, quartiles, min and max', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, n: 3 });
    expect(spread([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('a decreasing map swaps the ends (ms → tokens/s)', () => {
    const s = mapDecreasing(spread([10, 20, 40]), (ms) => 1000 / ms);
    expect([s.min, s.median, s.max]).toEqual([25, 50, 100]);
  });

  it('numbers keep about 3 significant digits', () => {
    expect([num(1234.5), num(12.345), num(1.2345), num(0.012345)]).toEqual(['1235', '12.3', '1.23', '0.012']);
  });
});

describe('runModelBench on a tiny plan (cpu)', () => {
  const plan: BenchPlan = {
    promptLength: 8,
    prefillReps: 2,
    decodeSteps: 3,
    contexts: [16, 160],
    ratioReps: 2,
    minRatioReps: 1,
    contextBudgetSec: 60,
    maxSampleSec: 60,
    seed: 3,
  };

  it('measures every part, pairs the ratios, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const r = await runModelBench(TINY_TEST, plan, 'node');
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend).toBe('cpu');
    expect(r.prefill.ms.n).toBe(2);
    expect(r.decode.ms.n).toBe(3);
    expect(r.prefill.tokensPerSec.median).toBeCloseTo((1000 * 8) / r.prefill.ms.median, 6);
    const [c16, c160] = r.contexts as ContextResult[];
    expect(c16.context).toBe(16);
    expect(c160.context).toBe(160); // beyond TINY_TEST's 128 positions: a longer copy of the config
    for (const c of [c16, c160]) {
      expect(c.absorbedMs.n).toBe(2);
      expect(c.cachedOverUncached.n).toBe(2);
      expect(c.cachedOverUncached.min).toBeGreaterThan(0);
    }
    expect(r.check).toEqual({ maxAbsDiffVsCpu: null, gpuErrors: [] });
  });

  it('skips a context whose full forward is predicted over the limit', async () => {
    const r = await runModelBench(TINY_TEST, { ...plan, contexts: [16, 1024], maxSampleSec: 1e-9 }, 'node');
    expect(r.contexts[1]).toEqual({ context: 1024, skipped: expect.any(Number) });
  });

  it('a context beyond max_position_embeddings gets a copy of the config, the rest unchanged', () => {
    expect(configFor(TINYSEEK, 256)).toBe(TINYSEEK);
    expect(configFor(TINYSEEK, 1024)).toEqual({ ...TINYSEEK, max_position_embeddings: 1024 });
  });
});

describe('bench report', () => {
  const s = (median: number) => spread([median]);
  const ctx = (context: number, ratio: number): ContextResult => ({
    context,
    absorbedMs: s(1),
    naiveMs: s(2),
    uncachedMs: s(ratio),
    absorbedOverNaive: s(2),
    cachedOverUncached: s(ratio),
  });
  const result = (target: string, ratio: number, maxAbsDiffVsCpu: number | null): TargetResult => ({
    target,
    backend: target.split(':')[1],
    host: 'node',
    prefill: { tokens: 64, ms: s(100), tokensPerSec: s(640) },
    decode: { afterTokens: 64, ms: s(10), tokensPerSec: s(100) },
    contexts: [ctx(64, 2), ctx(1024, ratio), { context: 4096, skipped: 200 }],
    check: { maxAbsDiffVsCpu, gpuErrors: [] },
    seconds: 1,
  });

  it('states whether the 3× target at 1024 is met', () => {
    expect(targetLine([result('node:wasm', 115, 1e-7)])).toMatch(/: met \(node:wasm 115×\)/);
    expect(targetLine([result('node:wasm', 2.5, 1e-7)])).toMatch(/NOT met/);
    const withInvalid = targetLine([result('node:wasm', 115, 1e-7), result('chromium:webgl', 1, 0.5)]);
    expect(withInvalid).toMatch(/: met \(node:wasm 115×\); not counted \(invalid logits\): chromium:webgl\.$/);
  });

  it('renders both tables and flags a backend whose logits differ from cpu', () => {
    const md = markdown({
      date: '2026-01-01',
      quick: false,
      machine: { host: 'h', os: 'Linux', cpus: 2, cpuModel: 'X', memoryGiB: 8, node: 'v20', chromium: null },
      results: [result('node:cpu', 50, null), result('chromium:webgl', 40, 0.5)],
      failures: [{ target: 'chromium:webgpu', error: 'no adapter' }],
    });
    expect(md).toMatch(/\| node:cpu \| 640 \| 100 \| reference \|/);
    expect(md).toMatch(/\| chromium:webgl \| .* \*\*invalid: 5\.0e-1\*\* \|/);
    expect(md).toMatch(/\| node:cpu \| 1024 \| 1.00 \| 2.00 \| 50.0 \| 2.00× \| 50.0× \| 1 \|/);
    expect(md).toMatch(/\| node:cpu \| 4096 \| skipped: one full forward ≈ 200 s/);
    expect(md).toMatch(/chromium:webgpu did not run: no adapter/);
  });
});
