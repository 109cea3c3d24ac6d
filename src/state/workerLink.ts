/** The store's line to the model worker: set once at start-up (tests and stories may leave it unset). */
import type { WorkerRequest } from '../worker/protocol';

type Send = (req: WorkerRequest) => void;
let sender: Send | null = null;
let nextId = 1;

export function connectWorker(send: Send | null): void {
  sender = send;
}

export function sendToWorker(req: WorkerRequest): void {
  sender?.(req);
}

/** A fresh request id; events carrying an older id are stale and ignored. */
export function newRequestId(): number {
  return nextId++;
}
