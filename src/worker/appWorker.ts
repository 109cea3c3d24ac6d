/// <reference lib="webworker" />
/**
 * The one script behind every TinySeek worker (roles.ts): its name picks the host. Requests that
 * arrive while the host's code loads wait, in order; a host that cannot load is reported as a
 * worker that failed to start.
 */
import type { Message, WorkerError } from './messages';
import { ROLE_HOSTS, isWorkerRole } from './roles';
import { serve } from './serve';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const early: MessageEvent<Message>[] = [];
scope.onmessage = (m: MessageEvent<Message>) => void early.push(m);

async function start(): Promise<void> {
  const name = scope.name;
  if (!isWorkerRole(name)) throw new Error(`no TinySeek worker is called "${name}"`);
  const makeHost = await ROLE_HOSTS[name]();
  const handle = serve(makeHost);
  for (const m of early.splice(0)) handle(m);
}

start().catch((e: unknown) => {
  const failed: WorkerError<'backend'> = {
    type: 'error',
    during: 'backend',
    message: `the worker could not start: ${e instanceof Error ? e.message : String(e)}`,
  };
  scope.postMessage(failed);
});
