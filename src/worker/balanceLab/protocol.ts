/** The typed messages between the Balance lab page and its training worker. Plain data only. */
import type { BackendHow, BackendName } from '../../runtime/backendTypes';
import type { LabStepEvent } from '../../train/lab/labEvents';
import type { LabSettings } from '../../train/lab/labSettings';
import type { BackendEvent, DeviceLostEvent, ExportedEvent, ExportFor, WorkerError } from '../messages';

/** Where the worker fetches the lab text and the shipped model (absolute URLs). */
export interface LabSources {
  /** the training text, one document per line (public/lab/balance-lab-train.txt). */
  text: string;
  /** the shipped model folder (config.json, model.safetensors, tokenizer.json). */
  model: string;
}

/** UI → worker. */
export type LabRequest =
  | { type: 'init'; order?: BackendName[]; how?: BackendHow; sources: LabSources }
  /** a fresh trainer for these settings (new weights, data order). */
  | { type: 'reset'; settings: LabSettings }
  /** settings that keep the weights (α, K, groups, dropping, lr), from the next step on. */
  | { type: 'update'; settings: LabSettings }
  /** one step, then wait. */
  | { type: 'step' }
  /** step until paused, or until `until` steps are done. */
  | { type: 'play'; until?: number }
  | { type: 'pause' }
  /** the run's model as Hugging Face files (answered by `exported`). */
  | { type: 'export'; for: ExportFor };

/** What the lab worker was doing when something failed: choosing a backend, building a trainer, or stepping. */
export type LabDuring = 'backend' | 'reset' | 'step' | 'export';

/**
 * Worker → UI. After a lost GPU device: deviceLost, backend, then restored (the run continues from
 * its last checkpoint on the new backend; a play in progress goes on).
 */
export type LabEvent =
  | BackendEvent
  /** a trainer is ready at step 0; `layers` are its MoE layers, `experts` N_r. */
  | { type: 'ready'; settings: LabSettings; layers: number[]; experts: number; corpusTokens: number }
  | { type: 'step'; event: LabStepEvent }
  /** stepping stopped (paused, target reached, or diverged: then `message` says why). */
  | { type: 'stopped'; reason: 'paused' | 'done' | 'diverged'; message?: string }
  /** the trainer was rebuilt after a lost device from its checkpoint after `step` steps; later steps are redone. */
  | { type: 'restored'; step: number }
  | ExportedEvent
  | DeviceLostEvent
  | WorkerError<LabDuring>;
