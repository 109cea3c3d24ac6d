/** Starts the GRPO lab's worker. */
import { startWorker } from '../startWorker';
import { WorkerClient } from '../workerClient';
import type { GrpoEvent, GrpoRequest } from './protocol';

export type GrpoClient = WorkerClient<GrpoRequest, GrpoEvent>;

export function startGrpoWorker(onEvents: (events: GrpoEvent[]) => void): GrpoClient {
  const worker = startWorker('tinyseek-grpo');
  return new WorkerClient<GrpoRequest, GrpoEvent>(worker, onEvents, { name: 'the GRPO worker' });
}
