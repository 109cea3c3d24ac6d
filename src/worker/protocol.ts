/** The typed messages between the UI thread and the model worker. Plain data only. */
import type { BackendHow, BackendName } from '../runtime/backendTypes';
import type { DeepseekV2Config } from '../model/config';
import type { Interventions } from '../model/model';
import type { SamplingOptions } from '../model/sampling';
import type { TokenRecord } from '../session/records';
import type { BackendEvent, DeviceLostEvent, WorkerError } from './messages';

/** Where the model comes from: the shipped folder (fetched), files the user dropped, or seeded random weights. */
export type ModelSource =
  | { kind: 'url'; base: string }
  /** `name`: what the app calls the model (a lab's saved folder); absent: "your model". */
  | { kind: 'files'; files: { name: string; buffer: ArrayBuffer }[]; name?: string }
  | { kind: 'random'; base: string; seed: number };

export interface SessionRequest {
  prompt: string;
  sampling: SamplingOptions;
  seed: number;
}

/** UI → worker. Each request that answers carries the `id` back. */
export type WorkerRequest =
  | { type: 'init'; order?: BackendName[]; how?: BackendHow }
  | { type: 'load'; source: ModelSource }
  | { type: 'start'; id: number; session: SessionRequest }
  | { type: 'next'; id: number }
  | { type: 'whatIf'; id: number; index: number; interventions: Interventions };

export interface LoadedModelInfo {
  /** a name for the badge, e.g. "tinyseek" or the dropped file's folder. */
  name: string;
  config: DeepseekV2Config;
  /** true when the weights are seeded random numbers, not a trained model. */
  untrained: boolean;
  vocabSize: number;
}

export type LoadPhase = 'download' | 'parse' | 'upload';

/** What the model worker was doing when something failed. */
export type ModelDuring = 'backend' | 'load' | 'start' | 'next' | 'whatIf';

/** Worker → UI. After a lost GPU device: deviceLost, backend, then loaded again (the model rebuilt). */
export type WorkerEvent =
  | BackendEvent
  | { type: 'loadProgress'; phase: LoadPhase; loaded: number; total: number | null }
  | { type: 'loaded'; model: LoadedModelInfo; ms: number }
  /** `dispatches`: GPU compute dispatches the step encoded on webgpu (null elsewhere), for the bench. */
  | { type: 'started'; id: number; records: TokenRecord[]; truncated: number; dispatches?: number | null }
  | { type: 'token'; id: number; record: TokenRecord | null; dispatches?: number | null }
  | { type: 'whatIf'; id: number; index: number; next: TokenRecord['next'] }
  | DeviceLostEvent
  | WorkerError<ModelDuring>;
