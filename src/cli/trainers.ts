/**
 * What the training loop drives: one model in this thread, or several workers that each compute
 * the gradients of a slice of the batch, average them, and apply the same update (trainWorkers.ts).
 */
import type { RngState } from '../model/rng';
import { toHostWeights } from '../model/params';
import type { HostWeights } from '../model/weights';
import type { AdamWState } from '../train/adamw';
import type { Batch } from '../train/data';
import { disposeTrainState, evaluate, trainStep, type StepEvents, type TrainState } from '../train/trainStep';

/** The model and optimizer on the host, for a checkpoint or an export. */
export interface TrainerSnapshot {
  weights: HostWeights;
  optimizer: AdamWState;
  paramShapes: Map<string, number[]>;
}

export interface Trainer {
  /** updates applied. */
  readonly step: number;
  /** the token-dropping generator's state. */
  rngState(): RngState;
  trainStep(batch: Batch): Promise<StepEvents>;
  /** mean LM loss over the batches. */
  evaluate(batches: Batch[]): Promise<number>;
  snapshot(): Promise<TrainerSnapshot>;
  dispose(): Promise<void>;
}

/** The model in this thread. */
export class LocalTrainer implements Trainer {
  constructor(readonly state: TrainState) {}

  get step(): number {
    return this.state.optimizer.step;
  }

  rngState(): RngState {
    return this.state.rng.getState();
  }

  trainStep(batch: Batch): Promise<StepEvents> {
    return trainStep(this.state, batch);
  }

  evaluate(batches: Batch[]): Promise<number> {
    return evaluate(this.state, batches);
  }

  async snapshot(): Promise<TrainerSnapshot> {
    return snapshotState(this.state);
  }

  async dispose(): Promise<void> {
    disposeTrainState(this.state);
  }
}

/** Weights (Hugging Face names), AdamW moments and parameter shapes of a state. */
export async function snapshotState(s: TrainState): Promise<TrainerSnapshot> {
  const [weights, optimizer] = await Promise.all([toHostWeights(s.config, s.model.params), s.optimizer.exportState()]);
  return { weights, optimizer, paramShapes: new Map(s.optimizer.params.map(([name, p]) => [name, [...p.shape]])) };
}
