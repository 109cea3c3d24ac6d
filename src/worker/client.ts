/** Starts the model worker; buffers of a dropped model are transferred, not copied. */
import type { WorkerEvent, WorkerRequest } from './protocol';
import { startWorker } from './startWorker';
import { WorkerClient } from './workerClient';

export type ModelClient = WorkerClient<WorkerRequest, WorkerEvent>;

export function startModelWorker(onEvents: (events: WorkerEvent[]) => void): ModelClient {
  const worker = startWorker('tinyseek-model');
  return new WorkerClient<WorkerRequest, WorkerEvent>(worker, onEvents, {
    name: 'the model worker',
    transfer: (req) =>
      req.type === 'load' && req.source.kind === 'files' ? req.source.files.map((f) => f.buffer) : [],
  });
}
