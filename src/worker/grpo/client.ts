/** Starts the GRPO lab's worker. */
import { WorkerClient } from '../workerClient';
import type { GrpoEvent, GrpoRequest } from './protocol';

export type GrpoClient = WorkerClient<GrpoRequest, GrpoEvent>;

export function startGrpoWorker(onEvents: (events: GrpoEvent[]) => void): GrpoClient {
  const worker = new Worker(new URL('./grpoWorker.ts', import.meta.url), { type: 'module', name: 'tinyseek-grpo' });
  return new WorkerClient<GrpoRequest, GrpoEvent>(worker, onEvents, { name: 'the GRPO worker' });
}
