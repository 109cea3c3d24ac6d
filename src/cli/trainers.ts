/**
 * What the training loop drives: the model in this thread (LocalTrainer, `--workers 0`), or
 * worker threads (WorkerTrainer in trainWorkers.ts: whole steps on one, data-parallel on several).
 */
import type { RngState } from '../model/rng';
import type { Batch } from '../train/data';
import { snapshotState, type StateSnapshot } from '../train/resume';
import type { TrainState } from '../train/trainState';
import { disposeTrainState, evaluate, trainStep, type StepEvents } from '../train/trainStep';

/** The model and optimizer on the host, for a checkpoint or an export. */
export type TrainerSnapshot = StateSnapshot;

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
