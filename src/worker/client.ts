/** Starts the model worker; buffers of a dropped model are transferred, not copied. */
import type { WorkerEvent, WorkerRequest } from './protocol';
import { WorkerClient } from './workerClient';

export type ModelClient = WorkerClient<WorkerRequest, WorkerEvent>;

export function startModelWorker(onEvents: (events: WorkerEvent[]) => void): ModelClient {
  const worker = new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module', name: 'tinyseek-model' });
  return new WorkerClient<WorkerRequest, WorkerEvent>(worker, onEvents, {
    name: 'the model worker',
    transfer: (req) =>
      req.type === 'load' && req.source.kind === 'files' ? req.source.files.map((f) => f.buffer) : [],
  });
}
