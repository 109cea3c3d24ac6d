/**
 * Between a live TrainState and a Checkpoint: everything a resumed run needs to continue exactly
 * as an unbroken one would (weights, AdamW moments and step, data position, RNG state).
 */
import { toHostWeights } from '../model/params';
import type { HostWeights } from '../model/weights';
import type { AdamWState } from './adamw';
import type { Checkpoint, RunProgress } from './checkpoint';
import type { DataPosition } from './data';
import type { TrainHyperParams, TrainRunConfig } from './trainConfig';
import { createTrainState } from './trainStep';
import type { TrainState } from './trainState';

/** The model and optimizer of a state on the host: what a checkpoint or an export needs. */
export interface StateSnapshot {
  /** Hugging Face names, [out, in]. */
  weights: HostWeights;
  optimizer: AdamWState;
  /** parameter shapes by path (params.ts), for the optimizer moments. */
  paramShapes: Map<string, number[]>;
}

/** Downloads weights, AdamW moments and parameter shapes (no tensors are kept). */
export async function snapshotState(s: TrainState): Promise<StateSnapshot> {
  const [weights, optimizer] = await Promise.all([toHostWeights(s.config, s.model.params), s.optimizer.exportState()]);
  return { weights, optimizer, paramShapes: new Map(s.optimizer.params.map(([name, p]) => [name, [...p.shape]])) };
}

/** Downloads the state into a checkpoint of a single-thread run. */
export async function captureCheckpoint(
  s: TrainState,
  run: TrainRunConfig,
  data: DataPosition,
  progress: RunProgress,
): Promise<Checkpoint> {
  const snap = await snapshotState(s);
  return { run, step: s.optimizer.step, data, rng: s.rng.getState(), progress, workers: 1, ...snap };
}

/**
 * A training state that continues from `ck`, with the checkpoint's hyper-parameters unless
 * `hyper` replaces them (then the run is no longer identical to an unbroken one).
 */
export function restoreTrainState(ck: Checkpoint, hyper: TrainHyperParams = ck.run.train): TrainState {
  const s = createTrainState(ck.run.model, hyper, ck.weights, ck.rng);
  try {
    s.optimizer.importState(ck.optimizer);
  } catch (e) {
    s.model.dispose();
    s.optimizer.dispose();
    throw e;
  }
  return s;
}
