/**
 * `npm run bench -- ui` reports WebGPU against wasm decode tokens/s in the built app as a ratio
 * from one run (issue #15), only when both ran as asked (a forced backend that fell back is not
 * WebGPU).
 */
import { describe, expect, it } from 'vitest';
import { dispatchesOf, webgpuVsWasm, type AppBackendResult, type AppResult } from '../../../bench/appBench';
import { appTables } from '../../../bench/partsReport';
import type { FlowOut } from '../../../bench/appPageScripts';
import type { Spread } from '../../../bench/stats';

const spreadOf = (median: number): Spread => ({ median, min: median, max: median, q1: median, q3: median, n: 1 });

function ran(backend: string, tokensPerSec: number, active = backend): AppBackendResult {
  const s = spreadOf(10);
  return {
    backend,
    active,
    loadMs: s,
    prefillMs: s,
    firstTokenMs: s,
    ttftMs: s,
    decodeTokensPerSec: spreadOf(tokensPerSec),
    tokens: 8,
    dispatches: null,
    longTasks: 0,
    longestTaskMs: 0,
    frameMs: { median: 16, p95: 17, max: 20, n: 10 },
    fetched: [],
  };
}

describe('WebGPU against wasm in the app bench', () => {
  it('is the ratio of the two medians of one run', () => {
    expect(webgpuVsWasm([ran('wasm', 23.7), ran('webgpu', 0.69)])).toEqual({
      webgpu: 0.69,
      wasm: 23.7,
      ratio: 0.69 / 23.7,
    });
  });

  it('is null when either is missing or WebGPU fell back', () => {
    expect(webgpuVsWasm([ran('wasm', 23.7)])).toBeNull();
    expect(webgpuVsWasm([ran('wasm', 23.7), ran('webgpu', 20, 'webgl')])).toBeNull();
  });

  it('is a line under the app table', () => {
    const backends = [ran('wasm', 23.7), ran('webgpu', 0.69)];
    const result: AppResult = {
      chromium: 'Chromium 1',
      backends,
      stepToViewsMs: null,
      viewsUpdated: [],
      fcpMs: null,
      ttiMs: null,
      modelReadyMs: null,
      webgpuVsWasm: webgpuVsWasm(backends),
      failures: [],
    };
    expect(appTables(result)).toContain(
      'WebGPU against wasm, decode in the app in this run: 0.690 / 23.7 tokens/s = 0.029×',
    );
  });
});

describe('GPU dispatches in the app bench', () => {
  const flow = (dispatches: number[], prefill: number | null): FlowOut => ({
    active: 'webgpu',
    loadMs: 1,
    prefillMs: 1,
    firstTokenMs: 1,
    tokensPerSec: 1,
    tokens: dispatches.length,
    dispatches,
    prefillDispatchesPerToken: prefill,
    longTasks: [],
    longest: 0,
    frames: [],
  });

  it('are the median per played token over all runs, and the prompt per prompt token', () => {
    expect(dispatchesOf([flow([40, 40, 41], 90), flow([40, 42], 110)])).toEqual({
      decodePerToken: 40,
      prefillPerToken: 110,
    });
    expect(dispatchesOf([flow([], null)])).toBeNull();
  });

  it('are a line under the app table, beside the budget', () => {
    const gpu = { ...ran('webgpu', 8), dispatches: { decodePerToken: 40, prefillPerToken: 107.2 } };
    const result: AppResult = {
      chromium: 'Chromium 1',
      backends: [ran('wasm', 18), gpu],
      stepToViewsMs: null,
      viewsUpdated: [],
      fcpMs: null,
      ttiMs: null,
      modelReadyMs: null,
      failures: [],
    };
    expect(appTables(result)).toContain(
      "GPU dispatches in the app (webgpu), counted by the model worker: 40 per decode token, trace on (issue #15's budget: ≤ 60); the prompt's prefill 107 per prompt token.",
    );
  });
});
