/** Starts a TinySeek worker: every role is the same script (appWorker.ts), named for its host. */
import type { WorkerRole } from './roles';

export function startWorker(role: WorkerRole): Worker {
  return new Worker(new URL('./appWorker.ts', import.meta.url), { type: 'module', name: role });
}
