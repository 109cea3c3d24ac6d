/**
 * What the GRPO worker holds: the backend, the shipped model's files, and the GRPO state (policy,
 * reference, optimizer) with its last checkpoint. Runs N steps at a time, posting each group as it
 * is sampled and each step when it is done; a pause stops at the next group (the step in progress
 * is dropped and changes nothing) or, once its groups are in, after the step's update. Sizes past
 * the memory estimate (src/rl/rlMemory.ts) are refused before anything runs. After a lost
 * GPU device a run stops after its current step and the state comes back on the next backend from
 * the last checkpoint (taken after every run and every reference reset).
 */
import type { LoadedModelFiles } from '../../model/modelFiles';
import { parseModelFiles } from '../../model/modelFiles';
import { GrpoConfigError, validateHyper, type GrpoHyper } from '../../rl/config';
import {
  checkpointGrpoState,
  createGrpoState,
  disposeGrpoState,
  resetReference,
  restoreGrpoState,
  setHyper,
  type GrpoCheckpoint,
  type GrpoState,
} from '../../rl/grpoState';
import { grpoStep } from '../../rl/grpoStep';
import { heldOutAccuracy, probeExpertLoad, probeLines } from '../../rl/heldOut';
import { grpoSizeProblem } from '../../rl/rlMemory';
import { heldOutAdditions } from '../../rl/tasks';
import type { BackendHow, BackendName } from '../../runtime/backendTypes';
import { BackendKeeper, type BackendHooks, type Recoverable } from '../backendKeeper';
import { fetchModelFiles } from '../fetchModel';
import { exportModel } from '../exportModel';
import { JobQueue } from '../jobQueue';
import type { ExportFor } from '../messages';
import type { Host, PostEvent } from '../serve';
import type { GrpoDuring, GrpoEval, GrpoEvalSettings, GrpoEvent, GrpoRequest } from './protocol';

type Post = PostEvent<GrpoEvent>;

/** Checks the evaluation settings; a one-line message on a bad one. */
export function validateEvaluation(e: GrpoEvalSettings): GrpoEvalSettings {
  if (!Number.isInteger(e.heldOut) || e.heldOut < 1 || e.heldOut > 200)
    throw new RangeError(`held-out sums must be an integer from 1 to 200, got ${e.heldOut}`);
  if (!Number.isInteger(e.evalEvery) || e.evalEvery < 1)
    throw new RangeError(`evaluate every must be an integer ≥ 1, got ${e.evalEvery}`);
  return e;
}

export class GrpoHost implements Host<GrpoRequest>, Recoverable {
  private files: LoadedModelFiles | null = null;
  private state: GrpoState | null = null;
  /** the settings the state started with, to rebuild its start after a lost device. */
  private startHyper: GrpoHyper | null = null;
  /** the state's last checkpoint; null: its start, rebuilt from the files. */
  private saved: GrpoCheckpoint | null = null;
  private evaluation: GrpoEvalSettings = { heldOut: 20, evalEvery: 5 };
  private running = false;
  private pauseRequested = false;
  /** stops the step in progress at its next group. */
  private abort: AbortController | null = null;
  private measuredStart = false;
  private readonly jobs: JobQueue<GrpoDuring>;
  private readonly backend: BackendKeeper;

  constructor(
    private readonly post: Post,
    hooks: Partial<BackendHooks> = {},
  ) {
    this.jobs = new JobQueue(post);
    this.backend = new BackendKeeper(post, this.jobs, this, hooks);
  }

  handle(req: GrpoRequest): void {
    switch (req.type) {
      case 'init':
        return this.jobs.enqueue('load', () => this.init(req.order, req.base, req.hyper, req.evaluation, req.how));
      case 'run':
        return this.jobs.enqueue('run', () => this.run(req.steps, req.hyper, req.evaluation));
      case 'pause':
        return this.pause(); // at once: the running step checks it between groups
      case 'resetReference':
        return this.jobs.enqueue('reference', () => this.resetReference());
      case 'restart':
        return this.jobs.enqueue('run', () => this.restart(req.hyper));
      case 'export':
        return this.jobs.enqueue('export', () => this.export(req.for));
    }
  }

  /** Resolves once every request queued so far has run. */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  private async init(
    order: BackendName[] | undefined,
    base: string,
    hyper: GrpoHyper,
    evaluation: GrpoEvalSettings,
    how?: BackendHow,
  ) {
    await this.backend.select(order, how);
    this.post({ type: 'progress', message: 'downloading the shipped model…' });
    const parsed = parseModelFiles(await this.download(base));
    if (!parsed.tokenizer) throw new Error('tokenizer.json: missing');
    this.files = parsed;
    this.evaluation = validateEvaluation(evaluation);
    this.state = this.fresh(hyper);
    this.startHyper = hyper;
    const name = base.replace(/\/$/, '').split('/').pop() || 'model';
    this.post({ type: 'ready', name, config: parsed.config });
  }

  /** Marks a pause and stops the step in progress at its next group. Not queued: it must arrive mid-run. */
  private pause(): void {
    if (!this.running) return;
    this.pauseRequested = true;
    this.abort?.abort();
  }

  /** Refuses sizes past the memory estimate, with the limit in the message. */
  private checkSizes(hyper: GrpoHyper, evaluation: GrpoEvalSettings): void {
    const config = this.files?.config;
    const problem = config && grpoSizeProblem(config, hyper.task, { ...hyper, heldOut: evaluation.heldOut });
    if (problem) throw new GrpoConfigError(problem);
  }

  private async run(steps: number, hyper: GrpoHyper, evaluation: GrpoEvalSettings): Promise<void> {
    const s = this.ready();
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
    validateHyper(hyper);
    this.checkSizes(hyper, validateEvaluation(evaluation));
    this.evaluation = evaluation;
    setHyper(s, hyper);
    this.running = true;
    this.pauseRequested = false;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.post({ type: 'running', running: true });
    try {
      // the starting policy is measured once, before the first step, with the run's settings
      if (s.step === 0 && !this.measuredStart) {
        this.post({ type: 'eval', result: await this.measure() });
        this.measuredStart = true;
      }
      for (let i = 1; i <= steps && !this.pauseRequested; i++) {
        let event;
        try {
          event = await grpoStep(s, { signal, onGroup: (group) => this.post({ type: 'group', group }) });
        } catch (e) {
          if (signal.aborted && e instanceof DOMException && e.name === 'AbortError') break; // paused mid-step
          throw e;
        }
        this.post({ type: 'step', event, remaining: this.pauseRequested ? 0 : steps - i });
        if (s.step % this.evaluation.evalEvery === 0 || i === steps)
          this.post({ type: 'eval', result: await this.measure() });
      }
    } finally {
      this.running = false;
      this.pauseRequested = false;
      this.abort = null;
      this.post({ type: 'running', running: false });
    }
    await this.save();
  }

  private async resetReference(): Promise<void> {
    const s = this.ready();
    resetReference(s);
    this.post({ type: 'reference', step: s.step });
    await this.save();
  }

  private async restart(hyper: GrpoHyper): Promise<void> {
    this.ready();
    validateHyper(hyper);
    const next = this.fresh(hyper);
    if (this.state) disposeGrpoState(this.state);
    this.state = next;
    this.startHyper = hyper;
    this.saved = null;
    this.measuredStart = false;
    this.post({ type: 'restarted' });
  }

  /** The policy as Hugging Face files; the weights' bytes are transferred. */
  private async export(target: ExportFor): Promise<void> {
    const s = this.ready();
    const files = exportModel(s.policy.config, await s.policy.toHostWeights(), s.tokenizer);
    this.post({ type: 'exported', for: target, step: s.step, files }, [files.safetensors.buffer as ArrayBuffer]);
  }

  /** At a lost device: a run stops after its current step. */
  interrupt(): void {
    if (this.running) this.pauseRequested = true;
  }

  /** After a lost device: policy, reference and optimizer lived on it (removing the backend frees them). */
  forget(): void {
    this.state = null;
  }

  /** The state again on the new backend, from the last checkpoint. */
  async restore(): Promise<void> {
    const f = this.files;
    if (!f?.tokenizer || !this.startHyper) return;
    this.state = this.saved ? restoreGrpoState(f.config, f.tokenizer, this.saved) : this.fresh(this.startHyper);
    this.post({ type: 'restored', step: this.state.step });
  }

  /** Checkpoints the state, unless its device has been lost (what it holds is no longer the run's). */
  private async save(): Promise<void> {
    if (this.state && this.backend.healthy) this.saved = await checkpointGrpoState(this.state);
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
