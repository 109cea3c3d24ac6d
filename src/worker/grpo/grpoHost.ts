/**
 * What the GRPO worker holds: the backend, the shipped model's files, and the GRPO state (policy,
 * reference, optimizer). Runs N steps at a time, posting each group as it is sampled and each
 * step when it is done; a pause stops after the step in progress.
 */
import type { LoadedModelFiles } from '../../model/modelFiles';
import { parseModelFiles } from '../../model/modelFiles';
import { validateHyper, type GrpoHyper } from '../../rl/config';
import { createGrpoState, disposeGrpoState, resetReference, setHyper, type GrpoState } from '../../rl/grpoState';
import { grpoStep } from '../../rl/grpoStep';
import { heldOutAccuracy, probeExpertLoad, probeLines } from '../../rl/heldOut';
import { heldOutAdditions } from '../../rl/tasks';
import { selectBackend } from '../../runtime/backends';
import type { BackendName } from '../../runtime/backendTypes';
import { fetchModelFiles } from '../fetchModel';
import type { GrpoEval, GrpoEvalSettings, GrpoEvent } from './protocol';

type Post = (e: GrpoEvent) => void;

/** Checks the evaluation settings; a one-line message on a bad one. */
export function validateEvaluation(e: GrpoEvalSettings): GrpoEvalSettings {
  if (!Number.isInteger(e.heldOut) || e.heldOut < 1 || e.heldOut > 200)
    throw new RangeError(`held-out sums must be an integer from 1 to 200, got ${e.heldOut}`);
  if (!Number.isInteger(e.evalEvery) || e.evalEvery < 1)
    throw new RangeError(`evaluate every must be an integer ≥ 1, got ${e.evalEvery}`);
  return e;
}

export class GrpoHost {
  private files: LoadedModelFiles | null = null;
  private state: GrpoState | null = null;
  private evaluation: GrpoEvalSettings = { heldOut: 20, evalEvery: 5 };
  private running = false;
  private pauseRequested = false;
  private measuredStart = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: Post) {}

  /** Runs jobs in arrival order; a failure is reported and the next job still runs. */
  enqueue(during: Extract<GrpoEvent, { type: 'error' }>['during'], job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((e) => {
      this.post({ type: 'error', during, message: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
    });
  }

  async init(order: BackendName[] | undefined, base: string, hyper: GrpoHyper, evaluation: GrpoEvalSettings) {
    const status = await selectBackend(order);
    this.post({ type: 'backend', status });
    this.post({ type: 'progress', message: 'downloading the shipped model…' });
    const parsed = parseModelFiles(await this.download(base));
    if (!parsed.tokenizer) throw new Error('tokenizer.json: missing');
    this.files = parsed;
    this.evaluation = validateEvaluation(evaluation);
    this.state = this.fresh(hyper);
    const name = base.replace(/\/$/, '').split('/').pop() || 'model';
    this.post({ type: 'ready', name, config: parsed.config });
  }

  /** Marks a pause; the running loop stops after its current step. Not queued: it must arrive mid-run. */
  pause(): void {
    if (this.running) this.pauseRequested = true;
  }

  async run(steps: number, hyper: GrpoHyper, evaluation: GrpoEvalSettings): Promise<void> {
    const s = this.ready();
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
    validateHyper(hyper);
    this.evaluation = validateEvaluation(evaluation);
    setHyper(s, hyper);
    this.running = true;
    this.pauseRequested = false;
    this.post({ type: 'running', running: true });
    try {
      // the starting policy is measured once, before the first step, with the run's settings
      if (s.step === 0 && !this.measuredStart) {
        this.post({ type: 'eval', result: await this.measure() });
        this.measuredStart = true;
      }
      for (let i = 1; i <= steps && !this.pauseRequested; i++) {
        const event = await grpoStep(s, { onGroup: (group) => this.post({ type: 'group', group }) });
        this.post({ type: 'step', event, remaining: this.pauseRequested ? 0 : steps - i });
        if (s.step % this.evaluation.evalEvery === 0 || i === steps)
          this.post({ type: 'eval', result: await this.measure() });
      }
    } finally {
      this.running = false;
      this.pauseRequested = false;
      this.post({ type: 'running', running: false });
    }
  }

  async resetReference(): Promise<void> {
    const s = this.ready();
    resetReference(s);
    this.post({ type: 'reference', step: s.step });
  }

  async restart(hyper: GrpoHyper): Promise<void> {
    this.ready();
    validateHyper(hyper);
    const next = this.fresh(hyper);
    if (this.state) disposeGrpoState(this.state);
    this.state = next;
    this.measuredStart = false;
    this.post({ type: 'restarted' });
  }

  /**
   * The model files, asked for twice before giving up: the app's own worker fetches the same files
   * at the same moment, and a cache (the offline service worker) can fail one of two concurrent
   * requests.
   */
  private async download(base: string) {
    try {
      return await fetchModelFiles(base, () => {});
    } catch (e) {
      this.post({ type: 'progress', message: `downloading the shipped model again (${String(e).split('\n')[0]})…` });
      await new Promise((r) => setTimeout(r, 1000));
      return fetchModelFiles(base, () => {});
    }
  }

  private fresh(hyper: GrpoHyper): GrpoState {
    const f = this.files;
    if (!f?.tokenizer) throw new Error('the model has not loaded yet');
    return createGrpoState(f.config, f.weights, f.tokenizer, hyper);
  }

  private ready(): GrpoState {
    if (!this.state) throw new Error('the model has not loaded yet');
    return this.state;
  }

  /** Held-out accuracy and expert load of the current policy. */
  private async measure(): Promise<GrpoEval> {
    const s = this.ready();
    const items = heldOutAdditions().slice(0, this.evaluation.heldOut);
    const heldOut = await heldOutAccuracy(s.policy, s.tokenizer, items);
    const load = await probeExpertLoad(s.policy, s.tokenizer, probeLines(items, items.length));
    return { step: s.step, heldOut, load };
  }
}
