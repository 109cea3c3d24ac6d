/**
 * What the worker hosts' lost-GPU tests share: a "webgpu" backend for Node (tfjs-backend-cpu's
 * kernels registered under that name, since Node has no GPU) whose device can be lost on cue, and
 * a fetch that serves files from memory, as the dev server would.
 */
import '@tensorflow/tfjs-backend-cpu';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, BackendStatus } from '../../../src/runtime/backendTypes';
import type { BackendHooks, DeviceLoss } from '../../../src/worker/backendKeeper';

export const FAKE_GPU = 'webgpu';

/** Registers the fake "webgpu" (again after a recovery removed it). */
export function registerFakeGpu(): void {
  if (!tf.findBackendFactory(FAKE_GPU)) tf.registerBackend(FAKE_GPU, () => new MathBackendCPU(), 1);
  for (const k of tf.getKernelsForBackend('cpu'))
    if (!tf.getKernel(k.kernelName, FAKE_GPU)) tf.registerKernel({ ...k, backendName: FAKE_GPU });
}

export async function unregisterFakeGpu(restore: string): Promise<void> {
  if (tf.findBackendFactory(FAKE_GPU)) tf.removeBackend(FAKE_GPU);
  for (const k of tf.getKernelsForBackend(FAKE_GPU)) tf.unregisterKernel(k.kernelName, FAKE_GPU);
  await tf.setBackend(restore || 'cpu');
}

/** selectBackend's stand-in: the first registered name of `order`, really activated. */
export async function select(order: BackendName[] = ['webgpu', 'cpu']): Promise<BackendStatus> {
  for (const name of order) {
    if (!tf.findBackendFactory(name)) continue;
    if (await tf.setBackend(name)) return { active: name, adapter: null, attempts: [{ name, ok: true, ms: 0 }] };
  }
  throw new Error(`no backend of ${order.join(', ')}`);
}

/** Host hooks on the fake GPU, and `lose` to lose its device (the host hears of it a microtask later). */
export function losableGpu(): { hooks: BackendHooks; lose: (info?: DeviceLoss) => void } {
  let lose: (info: DeviceLoss) => void = () => {
    throw new Error('the fake GPU was never selected');
  };
  const hooks: BackendHooks = {
    select,
    deviceLoss: (status) =>
      status.active === FAKE_GPU ? new Promise<DeviceLoss>((resolve) => (lose = resolve)) : null,
  };
  return { hooks, lose: (info = { reason: 'unknown', message: 'the adapter went away' }) => lose(info) };
}

/** A fetch that answers `url` with `files[url]`, and 404 for anything else. */
export function fetchFrom(files: Record<string, Uint8Array | string>): typeof fetch {
  return async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = files[url];
    if (body === undefined) return new Response(null, { status: 404, statusText: 'Not Found' });
    return new Response(typeof body === 'string' ? body : new Uint8Array(body));
  };
}
