/**
 * Backend selection, confined to this module: try webgpu, then webgl, wasm and cpu, and record
 * which one is active and why each better one failed. Each backend package is imported on
 * demand, so a page only downloads the backend it ends up using.
 */
import * as tf from '@tensorflow/tfjs-core';

import { fastest, planProbes, type WebGpuFound } from './backendChoice';
import {
  BACKEND_ORDER,
  type AdapterSummary,
  type BackendAttempt,
  type BackendName,
  type BackendStatus,
} from './backendTypes';

export { BACKEND_ORDER, type AdapterSummary, type BackendAttempt, type BackendName, type BackendStatus };

/** Imports a backend's package (which registers it with tfjs-core). */
async function registerBackend(name: BackendName, wasmPaths?: string): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      // Shapes as uniforms: one shader serves every cache length (measured 1.8x faster decoding).
      tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Node passes the dist folder; the browser uses the bundled asset URLs.
      wasm.setWasmPaths(wasmPaths ?? (await import('./wasmUrls')).wasmUrls);
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

function gpuOf(): GPU | undefined {
  return (globalThis.navigator as Navigator | undefined)?.gpu;
}

async function checkWebGpu(): Promise<AdapterSummary> {
  const gpu = gpuOf();
  if (!gpu) throw new Error('navigator.gpu is missing: this browser or context has no WebGPU');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('requestAdapter() returned null: no usable GPU adapter');
  const info = adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: info?.isFallbackAdapter ?? legacy ?? false,
  };
}

/** WebGL's unmasked renderer string (names SwiftShader on a machine without a GPU), or null when it cannot be read. */
function webglRenderer(): string | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}

function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].slice(0, 300);
}

/**
 * Activates the first backend of `order` that works and reports every attempt.
 * A backend counts as working only when a small computation on it gives the right answer.
 */
export async function selectBackend(
  order: readonly BackendName[] = BACKEND_ORDER,
  opts: { wasmPaths?: string } = {},
): Promise<BackendStatus> {
  const attempts: BackendAttempt[] = [];
  let adapter: AdapterSummary | null = null;
  for (const name of order) {
    const t0 = performance.now();
    try {
      if (name === 'webgpu') adapter = await checkWebGpu();
      await activate(name, opts.wasmPaths);
      attempts.push({ name, ok: true, ms: performance.now() - t0 });
      return { active: name, adapter: name === 'webgpu' ? adapter : null, attempts };
    } catch (e) {
      attempts.push({ name, ok: false, reason: oneLine(e), ms: performance.now() - t0 });
      if (name === 'webgpu') adapter = null;
    }
  }
  throw new Error(`no tfjs backend works here: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`);
}

/** Registers and activates `name`, and checks that it computes a small product correctly. */
async function activate(name: BackendName, wasmPaths?: string): Promise<void> {
  await registerBackend(name, wasmPaths);
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  await smokeTest();
}

/**
 * Activates the fastest backend of `order` in a short timed decode probe (`probe` runs on the
 * active backend and returns tokens/s), leaving out a software WebGPU adapter (backendChoice.ts).
 * When nothing could be measured, the first of `order` that works, as selectBackend.
 */
export async function chooseFastest(
  order: readonly BackendName[],
  probe: () => Promise<number>,
  opts: { wasmPaths?: string } = {},
): Promise<BackendStatus> {
  const attempts: BackendAttempt[] = [];
  let found: WebGpuFound = { adapter: null };
  if (order.includes('webgpu')) {
    const t0 = performance.now();
    try {
      found = { adapter: await checkWebGpu() };
    } catch (e) {
      attempts.push({ name: 'webgpu', ok: false, reason: oneLine(e), ms: performance.now() - t0 });
    }
  }
  const plan = planProbes(order, found, found.adapter || !order.includes('webgl') ? null : webglRenderer());
  const probes = [...plan.skipped];
  for (const name of plan.probe) {
    const t0 = performance.now();
    try {
      await activate(name, opts.wasmPaths);
      probes.push({ name, tokensPerSecond: await probe() });
      attempts.push({ name, ok: true, ms: performance.now() - t0 });
    } catch (e) {
      probes.push({ name, tokensPerSecond: null, skipped: 'failed', detail: oneLine(e) });
      attempts.push({ name, ok: false, reason: oneLine(e), ms: performance.now() - t0 });
    }
  }
  probes.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const best = fastest(probes);
  if (!best) return { ...(await selectBackend(order, opts)), choice: { how: 'first', probes } };
  if (tf.getBackend() !== best) await activate(best, opts.wasmPaths);
  return {
    active: best,
    adapter: best === 'webgpu' ? found.adapter : null,
    attempts: attempts.filter((a) => !a.ok || a.name === best),
    choice: { how: 'fastest', probes },
  };
}

/** [[1,2],[3,4]]·[[1],[1]] must be [[3],[7]]. */
async function smokeTest(): Promise<void> {
  const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.ones([2, 1])));
  const v = await y.data();
  y.dispose();
  if (Math.abs(v[0] - 3) > 1e-5 || Math.abs(v[1] - 7) > 1e-5) {
    throw new Error(`smoke test gave [${v[0]}, ${v[1]}] instead of [3, 7]`);
  }
}
