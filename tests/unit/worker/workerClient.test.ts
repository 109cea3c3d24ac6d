/** The one client and the one queue every worker uses, on stand-ins for a DOM Worker. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobQueue } from '../../../src/worker/jobQueue';
import type { WorkerError } from '../../../src/worker/messages';
import { WorkerClient, type WorkerPort } from '../../../src/worker/workerClient';

type Req = { type: 'ping'; n: number } | { type: 'bytes'; buffer: ArrayBuffer };
type Ev = { type: 'tick'; n: number } | { type: 'done' } | WorkerError<'backend' | 'ping'>;

/** A worker stand-in: records what was posted; `emit` and `fail` play the worker's side. */
class FakePort implements WorkerPort {
  posted: { message: unknown; transfer: Transferable[] }[] = [];
  terminated = false;
  onmessage: ((m: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(message: unknown, transfer: Transferable[]): void {
    this.posted.push({ message, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(e: Ev): void {
    this.onmessage?.({ data: e } as MessageEvent);
  }
  fail(message: string): void {
    this.onerror?.({ message } as ErrorEvent);
  }
}

describe('WorkerClient', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends requests with their transfer list and hands each event on as it comes', () => {
    const port = new FakePort();
    const got: Ev[][] = [];
    const client = new WorkerClient<Req, Ev>(port, (es) => got.push(es), {
      name: 'the test worker',
      transfer: (req) => (req.type === 'bytes' ? [req.buffer] : []),
    });
    const buffer = new ArrayBuffer(8);
    client.send({ type: 'ping', n: 1 });
    client.send({ type: 'bytes', buffer });
    expect(port.posted).toEqual([
      { message: { type: 'ping', n: 1 }, transfer: [] },
      { message: { type: 'bytes', buffer }, transfer: [buffer] },
    ]);
    port.emit({ type: 'tick', n: 1 });
    port.emit({ type: 'done' });
    expect(got).toEqual([[{ type: 'tick', n: 1 }], [{ type: 'done' }]]);
  });

  it("reports a worker that fails to start as an error during 'backend'", () => {
    const port = new FakePort();
    const got: Ev[] = [];
    new WorkerClient<Req, Ev>(port, (es) => got.push(...es), { name: 'the test worker' });
    port.fail('');
    port.fail('SyntaxError in worker.js');
    expect(got).toEqual([
      { type: 'error', during: 'backend', message: 'the test worker failed to start' },
      { type: 'error', during: 'backend', message: 'SyntaxError in worker.js' },
    ]);
  });

  it('batches the events it holds; any other event delivers them first, in order', () => {
    const port = new FakePort();
    const got: Ev[][] = [];
    const client = new WorkerClient<Req, Ev>(port, (es) => got.push(es), {
      name: 'the test worker',
      batch: { ms: 200, holds: (e) => e.type === 'tick' },
    });
    port.emit({ type: 'tick', n: 1 });
    port.emit({ type: 'tick', n: 2 });
    expect(got).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(got).toEqual([
      [
        { type: 'tick', n: 1 },
        { type: 'tick', n: 2 },
      ],
    ]);
    port.emit({ type: 'tick', n: 3 });
    port.emit({ type: 'done' });
    expect(got[1]).toEqual([{ type: 'tick', n: 3 }, { type: 'done' }]);
    vi.advanceTimersByTime(1000);
    expect(got).toHaveLength(2); // the timer went with the delivery

    port.emit({ type: 'tick', n: 4 });
    client.terminate();
    vi.advanceTimersByTime(1000);
    expect(got).toHaveLength(2); // held events of a terminated worker are dropped
    expect(port.terminated).toBe(true);
  });
});

describe('JobQueue', () => {
  it('runs jobs one at a time in order; a failure is one WorkerError, with the id when given, and the next job runs', async () => {
    const errors: WorkerError<'ping'>[] = [];
    const jobs = new JobQueue<'ping'>((e) => errors.push(e));
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
    };
    jobs.enqueue('ping', job('a', 20));
    jobs.enqueue(
      'ping',
      async () => {
        throw new Error('first line\n    at stack');
      },
      7,
    );
    jobs.enqueue('ping', job('b', 1));
    jobs.enqueue('ping', () => Promise.reject('plain'));
    await jobs.idle();
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(errors).toEqual([
      { type: 'error', during: 'ping', message: 'first line', id: 7 },
      { type: 'error', during: 'ping', message: 'plain' },
    ]);
  });
});
