/**
 * The store's lines to its workers, one per worker: the model worker's is connected at start-up,
 * each lab's while its page is open. Slices send typed requests with `sendTo`; with no line
 * connected (tests, stories, a lab page not open) a request goes nowhere.
 */
import type { LabRequest } from '../worker/balanceLab/protocol';
import type { GrpoRequest } from '../worker/grpo/protocol';
import type { WorkerRequest } from '../worker/protocol';

/** Each worker's requests, by the worker's name. */
export interface WorkerRequests {
  model: WorkerRequest;
  balanceLab: LabRequest;
  grpo: GrpoRequest;
}

export type WorkerName = keyof WorkerRequests;

/** Anything that takes a worker's requests (its WorkerClient, or a test's recorder). */
export interface RequestSink<Req> {
  send(req: Req): void;
}

const lines: { [K in WorkerName]?: RequestSink<WorkerRequests[K]> } = {};
let nextId = 1;

/** Connects worker `name` to the store (null disconnects). */
export function connectWorker<K extends WorkerName>(name: K, sink: RequestSink<WorkerRequests[K]> | null): void {
  if (sink) lines[name] = sink as (typeof lines)[K];
  else delete lines[name];
}

export function sendTo<K extends WorkerName>(name: K, req: WorkerRequests[K]): void {
  lines[name]?.send(req);
}

/** A fresh request id; events carrying an older id are stale and ignored. */
export function newRequestId(): number {
  return nextId++;
}
