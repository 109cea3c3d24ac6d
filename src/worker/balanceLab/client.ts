/**
 * Starts the Balance lab's worker. Steps can come faster than the charts need to redraw, so step
 * events are delivered together at most every 200 ms (any other event delivers them first).
 */
import { startWorker } from '../startWorker';
import { WorkerClient } from '../workerClient';
import type { LabEvent, LabRequest } from './protocol';

export type LabClient = WorkerClient<LabRequest, LabEvent>;

export const STEP_BATCH_MS = 200;

export function startLabWorker(onEvents: (events: LabEvent[]) => void): LabClient {
  const worker = startWorker('tinyseek-balance-lab');
  return new WorkerClient<LabRequest, LabEvent>(worker, onEvents, {
    name: 'the lab worker',
    batch: { ms: STEP_BATCH_MS, holds: (e) => e.type === 'step' },
  });
}
