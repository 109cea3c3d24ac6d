/**
 * Which host a TinySeek worker runs, by the worker's name: every worker is one script
 * (appWorker.ts), so the chunks they share — tfjs and each backend — are built once and fetched
 * once, not once per worker.
 */
import type { Message } from './messages';
import type { Host, PostEvent } from './serve';

export const WORKER_ROLES = ['tinyseek-model', 'tinyseek-balance-lab', 'tinyseek-grpo'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

type MakeHost = (post: PostEvent<Message>) => Host<Message>;

/** Each role's code, loaded on demand: a page that never opens a lab never fetches its trainer. */
export const ROLE_HOSTS: Record<WorkerRole, () => Promise<MakeHost>> = {
  'tinyseek-model': () => import('./modelWorker').then((m) => m.makeHost as MakeHost),
  'tinyseek-balance-lab': () => import('./balanceLab/labWorker').then((m) => m.makeHost as MakeHost),
  'tinyseek-grpo': () => import('./grpo/grpoWorker').then((m) => m.makeHost as MakeHost),
};

export function isWorkerRole(name: string): name is WorkerRole {
  return (WORKER_ROLES as readonly string[]).includes(name);
}
