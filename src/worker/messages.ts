/**
 * The vocabulary every worker shares: the model worker, the two labs' workers and the CLI's
 * training threads. Requests and events are plain objects named by their `type`; a failure is
 * always a `WorkerError`. Plain data only.
 */
import type { BackendStatus } from '../runtime/backendTypes';

/** A request or an event: a plain object named by its `type`. */
export interface Message {
  type: string;
}

/**
 * Something failed: what the worker was doing (`during`), one line saying why, and the id of the
 * request when the request carried one. A worker that cannot start reports `during: 'backend'`.
 */
export interface WorkerError<During extends string = string> {
  type: 'error';
  during: During;
  message: string;
  id?: number;
}

/** The backend a worker chose, or chose again after a lost GPU device, with every attempt. */
export interface BackendEvent {
  type: 'backend';
  status: BackendStatus;
}

/** The worker's GPU device was lost; a `backend` event follows once another backend is chosen. */
export interface DeviceLostEvent {
  type: 'deviceLost';
  message: string;
}

/** What a lab's "Save model" or "Open in Explore" asked for (echoed in the `exported` event). */
export type ExportFor = 'save' | 'explore';

/**
 * A lab's trained model as Hugging Face files: config.json and tokenizer.json as text, and
 * model.safetensors (float32, Hugging Face names), whose bytes are transferred, not copied.
 */
export interface ExportedModel {
  config: string;
  safetensors: Uint8Array;
  tokenizer: string;
}

/** The lab worker's answer to `export`: the model after `step` steps. */
export interface ExportedEvent {
  type: 'exported';
  for: ExportFor;
  step: number;
  files: ExportedModel;
}

/** An error's first line (tfjs and stack traces write several; a status line holds one). */
export function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
