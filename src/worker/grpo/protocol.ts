/** The typed messages between the GRPO lab and its worker. Plain data only. */
import type { DeepseekV2Config } from '../../model/config';
import type { GrpoHyper } from '../../rl/config';
import type { GrpoStepEvent, SampledGroup } from '../../rl/events';
import type { HeldOutResult } from '../../rl/heldOut';
import type { BackendHow, BackendName } from '../../runtime/backendTypes';
import type { ExpertLoad } from '../../train/evaluate';
import type { BackendEvent, DeviceLostEvent, ExportedEvent, ExportFor, WorkerError } from '../messages';

/**
 * How the lab measures the policy: greedy accuracy on the first `heldOut` held-out sums before the
 * first step and after every `evalEvery`-th step.
 */
export interface GrpoEvalSettings {
  heldOut: number;
  evalEvery: number;
}

/** UI → worker. */
export type GrpoRequest =
  | {
      type: 'init';
      order?: BackendName[];
      how?: BackendHow;
      base: string;
      hyper: GrpoHyper;
      evaluation: GrpoEvalSettings;
    }
  /** run `steps` steps with these settings (refused, with a message, when a setting is out of range). */
  | { type: 'run'; steps: number; hyper: GrpoHyper; evaluation: GrpoEvalSettings }
  /** stop after the step in progress. */
  | { type: 'pause' }
  /** π_ref ← π_θ (iterative GRPO). */
  | { type: 'resetReference' }
  /** back to the shipped weights, a fresh optimizer and the seed's first prompts. */
  | { type: 'restart'; hyper: GrpoHyper }
  /** the policy as Hugging Face files (answered by `exported`). */
  | { type: 'export'; for: ExportFor };

/** One held-out evaluation. */
export interface GrpoEval {
  /** steps done when it was measured. */
  step: number;
  heldOut: HeldOutResult;
  /** routed expert load per MoE layer on the probe lines. */
  load: ExpertLoad[];
}

/** What the GRPO worker was doing when something failed. */
export type GrpoDuring = 'backend' | 'load' | 'run' | 'reference' | 'export';

/**
 * Worker → UI. After a lost GPU device: deviceLost (a run stops after its current step), backend,
 * then restored (policy, reference and optimizer from the last checkpoint, on the new backend).
 */
export type GrpoEvent =
  | BackendEvent
  | { type: 'progress'; message: string }
  | { type: 'ready'; name: string; config: DeepseekV2Config }
  | { type: 'group'; group: SampledGroup }
  | { type: 'step'; event: GrpoStepEvent; remaining: number }
  | { type: 'eval'; result: GrpoEval }
  | { type: 'running'; running: boolean }
  | { type: 'reference'; step: number }
  | { type: 'restarted' }
  /** rebuilt after a lost device from the checkpoint after `step` steps; later steps are gone. */
  | { type: 'restored'; step: number }
  | ExportedEvent
  | DeviceLostEvent
  | WorkerError<GrpoDuring>;
