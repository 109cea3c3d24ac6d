/** The one queue of every worker: jobs run one at a time, in arrival order. */
import { oneLine, type WorkerError } from './messages';

export class JobQueue<During extends string> {
  private tail: Promise<void> = Promise.resolve();

  /** @param report receives each failed job as a WorkerError; the next job still runs. */
  constructor(private readonly report: (e: WorkerError<During>) => void) {}

  /** Runs `job` after every job queued before it; a failure is reported with `during` (and `id`). */
  enqueue(during: During, job: () => Promise<void>, id?: number): void {
    this.tail = this.tail.then(job).catch((e: unknown) => {
      const error: WorkerError<During> = { type: 'error', during, message: oneLine(e) };
      this.report(id === undefined ? error : { ...error, id });
    });
  }

  /** Resolves once every job queued so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }
}
