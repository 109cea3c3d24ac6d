/// <reference lib="webworker" />
/** A worker's entry: builds its host with a post to the UI, and hands it every request. */
import type { Message } from './messages';

/** What a worker holds: one `handle` for every request (it queues what must wait). */
export interface Host<Req extends Message> {
  handle(req: Req): void;
}

export function serve<Req extends Message, Ev extends Message>(makeHost: (post: (e: Ev) => void) => Host<Req>): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const host = makeHost((e) => scope.postMessage(e));
  scope.onmessage = (m: MessageEvent<Req>) => host.handle(m.data);
}
