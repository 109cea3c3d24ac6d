import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBench } from '../../../bench/bundleBench';
import { memoryBench, mhaBench } from '../../../bench/coreParts';
import { bundleTable, memoryTable, mhaTable } from '../../../bench/partsReport';
import { TINY_TEST } from '../../../src/model/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('bench parts of the model core (cpu, tiny config)', () => {
  it('memory: the latent cache holds the formula bytes and the tensor count stays flat', async () => {
    const r = await memoryBench(TINY_TEST, 60, () => {});
    expect(r.cache.length).toBeGreaterThan(0);
    for (const c of r.cache) expect(c.bytes).toBe(c.formula);
    expect(r.tensors.afterLastStep).toBe(r.tensors.afterFirstStep);
    expect(r.tensors.after).toBe(r.tensors.before);
    expect(r.peakTensorBytes).toBeGreaterThan(0);
    expect(memoryTable([{ target: 'node:cpu', ...r }])).toContain('| node:cpu | yes:');
  });

  it('mha: both caches hold their formula bytes, MLA the smaller', async () => {
    const r = await mhaBench(TINY_TEST, 32, 2, () => {});
    expect(r.mla.cacheBytes).toBe(r.mla.formulaBytes);
    expect(r.mha.cacheBytes).toBe(r.mha.formulaBytes);
    expect(r.cacheRatio).toBeLessThan(1);
    expect(r.mlaSpeedup.n).toBe(2);
    expect(mhaTable([{ target: 'node:cpu', ...r }])).toMatch(/\| node:cpu \| 32 \|/);
  });
});

describe('bundleBench on a hand-made build folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyseek-bundle-test-'));
  const model = join(dir, 'model');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows static imports only, and finds each backend the worker imports', () => {
    mkdirSync(join(dir, 'assets'));
    mkdirSync(model);
    const put = (f: string, text: string) => writeFileSync(join(dir, 'assets', f), text);
    writeFileSync(join(dir, 'index.html'), '<script type="module" src="/assets/index-a.js"></script>');
    put(
      'index-a.js',
      'import{x}from"./react-b.js";new Worker(new URL(`/assets/appWorker-a.js`,import.meta.url));import("./View-d.js")',
    );
    put('react-b.js', 'export const x=1;');
    put(
      'appWorker-a.js',
      'import"./core-e.js";const roles={model:()=>import("./modelWorker-c.js"),lab:()=>import("./labWorker-h.js")}',
    );
    put('labWorker-h.js', 'import"./core-e.js";');
    put(
      'modelWorker-c.js',
      'import"./core-e.js";switch(n){case`wasm`:await import(`./dist-w.js`);return;case`cpu`:await import(`./dist-c.js`);return}',
    );
    put('core-e.js', 'export{}');
    put('dist-w.js', 'import"./shared-s.js";');
    put('dist-c.js', 'import"./shared-s.js";');
    put('shared-s.js', 'x');
    put('AttentionView-d.js', 'import"./d3-f.js";');
    put('d3-f.js', 'y');
    put('View-d.js', 'z');
    writeFileSync(join(model, 'config.json'), '{}');
    const r = bundleBench(dir, model);
    expect(r.initial.files).toEqual(['index-a.js', 'react-b.js']);
    expect(r.worker.files).toEqual(['appWorker-a.js', 'core-e.js', 'modelWorker-c.js']);
    expect(r.backendEntries).toEqual({ wasm: 'dist-w.js', cpu: 'dist-c.js' });
    expect(r.backends.wasm.files).toEqual(['dist-w.js', 'shared-s.js']);
    expect(r.views.files).toEqual(['AttentionView-d.js', 'd3-f.js']);
    expect(r.otherLazy.files).toEqual(['View-d.js', 'labWorker-h.js']);
    expect(r.model.map((m) => m.file)).toEqual(['config.json']);
    const table = bundleTable(r, [{ backend: 'wasm', files: ['/assets/dist-w.js', '/assets/shared-s.js'] }]);
    expect(table).toContain('wasm → wasm');
    expect(table).toContain('load on demand: met');
  });
});
