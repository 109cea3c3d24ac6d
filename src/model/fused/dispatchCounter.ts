/**
 * Counts GPU compute dispatches on tfjs-backend-webgpu (docs/webgpu.md#counting-dispatches).
 *
 * Every tfjs-webgpu kernel, ours (src/model/fused) or its own, reaches the GPU through the
 * backend's `recordAndSubmit`, which encodes exactly one `dispatchWorkgroups`. The counter wraps
 * that method on the live backend instance for the length of one call and restores it after.
 * Uploads, reshapes (no copy) and readbacks are not dispatches and are not counted.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-webgpu's WebGPUBackend the counter touches. */
interface Recorder {
  recordAndSubmit: (...args: unknown[]) => unknown;
}

function webgpuRecorder(): Recorder | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const b = tf.backend() as unknown as Partial<Recorder>;
  return typeof b.recordAndSubmit === 'function' ? (b as Recorder) : null;
}

/** What countDispatches measured. */
export interface Counted<T> {
  result: T;
  /** compute dispatches encoded while `fn` ran; null off webgpu. */
  dispatches: number | null;
}

/** Wraps the backend's recordAndSubmit with a counter; restore() puts the original back. */
function wrap(rec: Recorder): { count: () => number; restore: () => void } {
  const own = Object.prototype.hasOwnProperty.call(rec, 'recordAndSubmit');
  const original = rec.recordAndSubmit;
  let n = 0;
  rec.recordAndSubmit = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  const restore = () => {
    if (own) rec.recordAndSubmit = original;
    else delete (rec as Partial<Recorder>).recordAndSubmit;
  };
  return { count: () => n, restore };
}

/**
 * Runs `fn` and counts the GPU dispatches it encodes (webgpu only; elsewhere `dispatches` is
 * null). Synchronous: tfjs encodes a kernel's dispatch when the op is called, not when it is read.
 */
export function countDispatches<T>(fn: () => T): Counted<T> {
  const rec = webgpuRecorder();
  if (!rec) return { result: fn(), dispatches: null };
  const w = wrap(rec);
  try {
    return { result: fn(), dispatches: w.count() };
  } finally {
    w.restore();
  }
}

/** countDispatches for an async `fn` (generation reads logits between steps); nothing else may run on the backend meanwhile. */
export async function countDispatchesAsync<T>(fn: () => Promise<T>): Promise<Counted<T>> {
  const rec = webgpuRecorder();
  if (!rec) return { result: await fn(), dispatches: null };
  const w = wrap(rec);
  try {
    const result = await fn();
    return { result, dispatches: w.count() };
  } finally {
    w.restore();
  }
}
