/// <reference lib="webworker" />
/** A worker's host: built with a post to the UI (with a transfer list when it moves bytes), and handed every request. */
import type { Message } from './messages';

/** What a worker holds: one `handle` for every request (it queues what must wait). */
export interface Host<Req extends Message> {
  handle(req: Req): void;
}

/** Posts an event; buffers in `transfer` move to the UI instead of being copied. */
export type PostEvent<Ev> = (e: Ev, transfer?: Transferable[]) => void;

/** Builds the host and hands it every request from now on; returns the handler, for requests that came earlier. */
export function serve<Req extends Message, Ev extends Message>(
  makeHost: (post: PostEvent<Ev>) => Host<Req>,
): (m: MessageEvent<Req>) => void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const host = makeHost((e, transfer) => scope.postMessage(e, transfer ?? []));
  const handle = (m: MessageEvent<Req>) => host.handle(m.data);
  scope.onmessage = handle;
  return handle;
}
