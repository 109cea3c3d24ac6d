/**
 * A training checkpoint as one safetensors file: the weights under their Hugging Face names, the
 * AdamW moments as `optimizer.m.<param>` / `optimizer.v.<param>` (parameter paths of params.ts),
 * and the rest (run config, step, data position, RNG state, progress) as JSON in the metadata.
 * One file, so writing it atomically is one rename. Pure: bytes in, bytes out.
 */
import type { DeepseekV2Config } from '../model/config';
import type { RngState } from '../model/rng';
import { parseSafetensors, serializeSafetensors } from '../model/safetensors';
import { validateWeights, type HostTensor, type HostWeights } from '../model/weights';
import type { AdamWState } from './adamw';
import type { DataPosition } from './data';
import { firstDifference, type TrainRunConfig } from './trainConfig';

export const CHECKPOINT_FORMAT = 'tinyseek-train-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** Counters carried across restarts, for the log and the progress bar. */
export interface RunProgress {
  /** tokens trained on so far. */
  tokens: number;
  /** training wall time so far, ms (not counting time between restarts). */
  elapsedMs: number;
}

export interface Checkpoint {
  run: TrainRunConfig;
  /** updates applied. */
  step: number;
  data: DataPosition;
  /** the token-dropping generator. */
  rng: RngState;
  progress: RunProgress;
  /** data-parallel workers that produced it (1 = this thread); resuming with another count is not bit-exact. */
  workers: number;
  weights: HostWeights;
  optimizer: AdamWState;
  /** the parameter shapes by path, for the optimizer tensors. */
  paramShapes: Map<string, number[]>;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

interface Meta {
  run: TrainRunConfig;
  step: number;
  optimizerStep: number;
  data: DataPosition;
  rng: RngState;
  progress: RunProgress;
  workers?: number;
}

/** The checkpoint as safetensors bytes (float32, exact). */
export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const tensors = new Map<string, HostTensor>(ck.weights);
  for (const kind of ['m', 'v'] as const) {
    for (const [name, data] of ck.optimizer[kind]) {
      const shape = ck.paramShapes.get(name);
      if (!shape) throw new CheckpointError(`no shape for optimizer tensor ${name}`);
      tensors.set(`optimizer.${kind}.${name}`, { shape, data });
    }
  }
  const meta: Meta = {
    run: ck.run,
    step: ck.step,
    optimizerStep: ck.optimizer.step,
    data: ck.data,
    rng: ck.rng,
    progress: ck.progress,
    workers: ck.workers,
  };
  return serializeSafetensors(tensors, 'F32', {
    format: CHECKPOINT_FORMAT,
    version: String(CHECKPOINT_VERSION),
    state: JSON.stringify(meta),
  });
}

/**
 * Reads checkpoint bytes. With `expected` (the model config of the current run) a checkpoint made
 * for another model is refused, naming the first field that differs. Errors are one line.
 */
export function decodeCheckpoint(bytes: Uint8Array, expected?: DeepseekV2Config): Checkpoint {
  let parsed: ReturnType<typeof parseSafetensors>;
  try {
    parsed = parseSafetensors(bytes);
  } catch (e) {
    throw new CheckpointError(`not a readable safetensors file (${oneLine(e)})`);
  }
  const md = parsed.metadata ?? {};
  if (md.format !== CHECKPOINT_FORMAT) throw new CheckpointError('not a TinySeek training checkpoint (no format tag)');
  if (md.version !== String(CHECKPOINT_VERSION)) {
    throw new CheckpointError(`checkpoint version ${md.version} is not supported (expected ${CHECKPOINT_VERSION})`);
  }
  let meta: Meta;
  try {
    meta = JSON.parse(md.state ?? '') as Meta;
  } catch (e) {
    throw new CheckpointError(`checkpoint state is not valid JSON (${oneLine(e)})`);
  }
  if (expected) {
    const d = firstDifference(meta.run.model, expected);
    if (d) throw new CheckpointError(`checkpoint is for another model config (${d}, checkpoint ≠ this run)`);
  }
  const weights: HostWeights = new Map();
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  const paramShapes = new Map<string, number[]>();
  for (const [name, t] of parsed.tensors) {
    const opt = /^optimizer\.([mv])\.(.+)$/.exec(name);
    if (opt) {
      (opt[1] === 'm' ? m : v).set(opt[2], t.data);
      paramShapes.set(opt[2], t.shape);
    } else weights.set(name, { shape: t.shape, data: t.data });
  }
  try {
    validateWeights(meta.run.model, weights);
  } catch (e) {
    throw new CheckpointError(`checkpoint weights do not fit its config (${oneLine(e)})`);
  }
  return {
    run: meta.run,
    step: meta.step,
    data: meta.data,
    rng: meta.rng,
    progress: meta.progress,
    workers: meta.workers ?? 1,
    weights,
    optimizer: { step: meta.optimizerStep, m, v },
    paramShapes,
  };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
