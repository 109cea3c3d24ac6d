/**
 * The UI's handle on any of its workers: typed requests out, events back to one listener, a worker
 * that fails to start reported as a WorkerError during 'backend'. Events may be batched: those the
 * batch holds (fast training steps) are delivered together at most every `ms`, and any other event
 * delivers them first, so the order is kept and a burst costs one store update.
 */
import type { Message, WorkerError } from './messages';

/** What the client needs of a worker (a DOM Worker; a stand-in in tests). */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((m: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface ClientOptions<Req, Ev> {
  /** the worker in a failure message: "the GRPO worker failed to start". */
  name: string;
  /** buffers sent with a request by transfer instead of copy. */
  transfer?: (req: Req) => Transferable[];
  /** events that may wait up to `ms` to be delivered with the next ones. */
  batch?: { ms: number; holds: (e: Ev) => boolean };
}

export class WorkerClient<Req extends Message, Ev extends Message> {
  private held: Ev[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** @param onEvents receives events in arrival order, one at a time unless batched. */
  constructor(
    private readonly worker: WorkerPort,
    private readonly onEvents: (events: (Ev | WorkerError<'backend'>)[]) => void,
    private readonly options: ClientOptions<Req, Ev>,
  ) {
    worker.onmessage = (m: MessageEvent<Ev>) => this.receive(m.data);
    worker.onerror = (e) =>
      this.deliver({ type: 'error', during: 'backend', message: e.message || `${options.name} failed to start` });
  }

  send(req: Req): void {
    this.worker.postMessage(req, this.options.transfer?.(req) ?? []);
  }

  /** Ends the worker; events it sent that are still held are dropped. */
  terminate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held = [];
    this.worker.terminate();
  }

  private receive(e: Ev): void {
    const batch = this.options.batch;
    if (batch?.holds(e)) {
      this.held.push(e);
      this.timer ??= setTimeout(() => this.deliver(), batch.ms);
      return;
    }
    this.deliver(e);
  }

  /** Delivers what is held, then `last`. */
  private deliver(last?: Ev | WorkerError<'backend'>): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const events: (Ev | WorkerError<'backend'>)[] = this.held;
    this.held = [];
    if (last) events.push(last);
    if (events.length > 0) this.onEvents(events);
  }
}
