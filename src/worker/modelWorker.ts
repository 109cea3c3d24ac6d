/// <reference lib="webworker" />
/** The model worker: owns tfjs and the model; answers the UI with plain data only. */
import { selectBackend } from '../runtime/backends';
import type { WorkerEvent, WorkerRequest } from './protocol';

const post = (e: WorkerEvent) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(e);

self.onmessage = async (msg: MessageEvent<WorkerRequest>) => {
  const req = msg.data;
  try {
    switch (req.type) {
      case 'init':
        post({ type: 'backend', status: await selectBackend(req.order) });
        break;
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
