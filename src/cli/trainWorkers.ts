/**
 * Training on worker_threads, so this thread stays free for the log, the progress bar and Ctrl-C
 * (tsx kills a child that does not answer a signal within 30 ms, and a step takes a second).
 *
 * With one worker it runs whole steps. With N (`--workers N`), data-parallel: every worker holds the same model
 * and optimizer; each step, worker w computes the gradients of rows [w·B/N, (w+1)·B/N) of the
 * batch, this thread averages them (in worker order, so the sum is reproducible), and every
 * worker applies the identical update. The replicas stay bit-identical, and a run resumed with
 * the same N continues exactly as an unbroken one. The loss terms are the means over the slices
 * (exact for the per-sequence balance losses, seq_aux; close for seq_aux false).
 */
import { Worker } from 'node:worker_threads';
import type { DeepseekV2Config } from '../model/config';
import { Rng, type RngState } from '../model/rng';
import type { HostWeights } from '../model/weights';
import type { AdamWState } from '../train/adamw';
import type { Batch } from '../train/data';
import { drawProtected, nonFinite, readTerms } from '../train/lossGrads';
import type { TrainHyperParams } from '../train/trainConfig';
import { scheduledLr, TrainingDivergedError, type StepEvents } from '../train/trainStep';
import type { WorkerError } from '../worker/messages';
import type { Trainer, TrainerSnapshot } from './trainers';

/** Messages to a training thread, in the browser workers' vocabulary (each answered once, in order). */
export type TrainRequest =
  | {
      type: 'init';
      config: DeepseekV2Config;
      hyper: TrainHyperParams;
      /** null: initWeights with the run seed. */
      weights: HostWeights | null;
      optimizer: AdamWState | null;
      backends: string[];
    }
  | { type: 'step'; batch: Batch; protectedSequences: boolean[] | null }
  | { type: 'grads'; batch: Batch; protectedSequences: boolean[] | null }
  | { type: 'apply'; grads: Float32Array; lr: number }
  | { type: 'eval'; batches: Batch[] }
  | { type: 'snapshot' };

/** A training thread's answers; a failed request is answered with a WorkerError during its type. */
export type TrainReply =
  | { type: 'ready'; backend: string }
  | { type: 'step'; events: StepEvents }
  | { type: 'diverged'; step: number; what: TrainingDivergedError['what']; value: number; lr: number }
  | { type: 'grads'; terms: Float32Array; moeLayers: number[]; dropped: number; grads: Float32Array }
  | { type: 'applied'; gradNorm: number; weightSum: number; applied: boolean }
  | { type: 'eval'; sum: number }
  | { type: 'snapshot'; snapshot: TrainerSnapshot }
  | WorkerError<TrainRequest['type']>;

/** The ES-module entry of a package (the bare name, resolved from the working directory, as a fallback). */
function resolveEsm(name: string): string {
  try {
    return import.meta.resolve(name);
  } catch {
    return name;
  }
}

/** Boots a worker under tsx (worker_threads do not inherit tsx's loader). */
function spawn(): Worker {
  const api = resolveEsm('tsx/esm/api');
  const entry = new URL('./trainWorker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/** One worker with a queue of request/reply pairs. */
class Link {
  private pending: Array<{ resolve: (r: TrainReply) => void; reject: (e: Error) => void }> = [];
  private failed: Error | null = null;

  constructor(readonly worker: Worker) {
    worker.on('message', (r: TrainReply) => {
      const p = this.pending.shift();
      if (!p) return;
      if (r.type === 'error') p.reject(new Error(r.message));
      else p.resolve(r);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.pending.splice(0)) p.reject(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`training worker exited (code ${code})`)));
  }

  call<K extends TrainReply['type']>(
    req: TrainRequest,
    transfer: ArrayBuffer[] = [],
  ): Promise<Extract<TrainReply, { type: K }>> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve: resolve as (r: TrainReply) => void, reject });
      this.worker.postMessage(req, transfer);
    });
  }
}

export class WorkerTrainer implements Trainer {
  private done: number;
  private readonly rng: Rng;

  private constructor(
    private readonly links: Link[],
    private readonly config: DeepseekV2Config,
    private readonly hyper: TrainHyperParams,
    step: number,
    rng: RngState,
    readonly backend: string,
  ) {
    this.done = step;
    this.rng = Rng.fromState(rng);
  }

  /** Starts `n` workers, each loading the same weights and optimizer state. */
  static async start(
    n: number,
    init: {
      config: DeepseekV2Config;
      hyper: TrainHyperParams;
      weights: HostWeights | null;
      optimizer: AdamWState | null;
      rng: RngState;
      backends: string[];
    },
  ): Promise<WorkerTrainer> {
    if (init.hyper.batchSize % n !== 0) {
      throw new Error(`train.batchSize ${init.hyper.batchSize} cannot be split evenly over ${n} workers`);
    }
    const links = Array.from({ length: n }, () => new Link(spawn()));
    try {
      const { config, hyper, weights, optimizer, backends } = init;
      const ready = await Promise.all(
        links.map((l) => l.call<'ready'>({ type: 'init', config, hyper, weights, optimizer, backends })),
      );
      return new WorkerTrainer(links, config, hyper, optimizer?.step ?? 0, init.rng, ready[0].backend);
    } catch (e) {
      await Promise.all(links.map((l) => l.worker.terminate()));
      throw e;
    }
  }

  get step(): number {
    return this.done;
  }

  rngState(): RngState {
    return this.rng.getState();
  }

  async trainStep(batch: Batch): Promise<StepEvents> {
    const t0 = performance.now();
    const n = this.links.length;
    const lr = scheduledLr(this.hyper, this.done);
    const step = this.done + 1;
    const prot = drawProtected(this.rng, this.config, batch.B);
    if (n === 1) {
      // the whole step in the worker (no gradient round trip): the same arithmetic as trainStep here
      const r = await this.links[0].call<'step' | 'diverged'>({ type: 'step', batch, protectedSequences: prot });
      if (r.type === 'diverged') throw new TrainingDivergedError(r.step, r.what, r.value, r.lr);
      this.done = r.events.step;
      return { ...r.events, ms: performance.now() - t0 };
    }
    const rows = batch.B / n;
    const width = batch.T + 1;
    const replies = await Promise.all(
      this.links.map((l, w) =>
        l.call<'grads'>({
          type: 'grads',
          batch: { tokens: batch.tokens.slice(w * rows * width, (w + 1) * rows * width), B: rows, T: batch.T },
          protectedSequences: prot ? prot.slice(w * rows, (w + 1) * rows) : null,
        }),
      ),
    );
    const mean = (pick: (r: (typeof replies)[number]) => Float32Array) => {
      const out = new Float32Array(pick(replies[0]).length);
      for (let i = 0; i < out.length; i++) {
        let s = 0;
        for (const r of replies) s += pick(r)[i];
        out[i] = s / n;
      }
      return out;
    };
    const terms = readTerms(
      mean((r) => r.terms),
      replies[0].moeLayers,
    );
    if (!Number.isFinite(terms.loss)) throw new TrainingDivergedError(step, 'loss', terms.loss, lr);
    const grads = mean((r) => r.grads);
    const checks = await Promise.all(
      this.links.map((l, w) =>
        w === n - 1
          ? l.call<'applied'>({ type: 'apply', grads, lr }, [grads.buffer as ArrayBuffer])
          : l.call<'applied'>({ type: 'apply', grads: grads.slice(), lr }),
      ),
    );
    const { gradNorm, weightSum, applied } = checks[0];
    if (checks.some((c) => c.applied !== applied)) throw new Error('training workers disagree on an update');
    if (!applied) {
      const bad = nonFinite(terms.loss, gradNorm, weightSum) ?? ['weights', weightSum];
      throw new TrainingDivergedError(step, bad[0], bad[1], lr);
    }
    this.done = step;
    const dropped = replies.reduce((a, r) => a + r.dropped, 0);
    return { step, ...terms, gradNorm, lr, tokens: batch.B * batch.T, dropped, ms: performance.now() - t0 };
  }

  async evaluate(batches: Batch[]): Promise<number> {
    if (batches.length === 0) return NaN;
    const share = this.links.map((_, w) => batches.filter((__, i) => i % this.links.length === w));
    const sums = await Promise.all(this.links.map((l, w) => l.call<'eval'>({ type: 'eval', batches: share[w] })));
    return sums.reduce((a, r) => a + r.sum, 0) / batches.length;
  }

  async snapshot(): Promise<TrainerSnapshot> {
    return (await this.links[0].call<'snapshot'>({ type: 'snapshot' })).snapshot;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.links.map((l) => l.worker.terminate()));
  }
}
