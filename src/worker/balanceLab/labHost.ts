/**
 * Everything the lab worker holds: the backend, the encoded lab text, the shipped weights (fetched
 * the first time a run starts from them), the trainer and its last checkpoint. Requests run one at
 * a time; play steps until paused, yielding between steps so a pause gets in. After a lost GPU
 * device the run continues on the next backend from its last checkpoint (taken whenever stepping
 * stops and every CHECKPOINT_EVERY steps of play).
 */
import { isMoeLayer } from '../../model/config';
import { parseModelFiles } from '../../model/modelFiles';
import { BpeTokenizer } from '../../model/tokenizer';
import type { HostWeights } from '../../model/weights';
import type { BackendHow, BackendName } from '../../runtime/backendTypes';
import { encodeCorpus } from '../../train/data';
import { labConfig, needsReset, type LabSettings } from '../../train/lab/labSettings';
import { BalanceLabTrainer, LabDivergedError, type LabCheckpoint } from '../../train/lab/labTrainer';
import { BackendKeeper, type BackendHooks, type Recoverable } from '../backendKeeper';
import { fetchJson, fetchModelFiles } from '../fetchModel';
import { exportModel } from '../exportModel';
import { JobQueue } from '../jobQueue';
import type { ExportFor } from '../messages';
import type { Host, PostEvent } from '../serve';
import type { LabDuring, LabEvent, LabRequest, LabSources } from './protocol';

type Post = PostEvent<LabEvent>;

/** Steps of play between two checkpoints: a lost device costs at most this many steps. */
export const CHECKPOINT_EVERY = 10;

export class LabHost implements Host<LabRequest>, Recoverable {
  private sources: LabSources | null = null;
  private tokens: Int32Array | null = null;
  private tokenizer: BpeTokenizer | null = null;
  private shipped: HostWeights | null = null;
  private trainer: BalanceLabTrainer | null = null;
  /** the run's settings, kept to rebuild its trainer after a lost device. */
  private settings: LabSettings | null = null;
  /** the run's last checkpoint; null: its start, rebuilt from the settings. */
  private saved: LabCheckpoint | null = null;
  private playing = false;
  private until = Infinity;
  private readonly jobs: JobQueue<LabDuring>;
  private readonly backend: BackendKeeper;

  constructor(
    private readonly post: Post,
    hooks: Partial<BackendHooks> = {},
  ) {
    this.jobs = new JobQueue((e) => {
      this.playing = false;
      post(e);
    });
    this.backend = new BackendKeeper(post, this.jobs, this, hooks);
  }

  handle(req: LabRequest): void {
    switch (req.type) {
      case 'init':
        return this.jobs.enqueue('backend', () => this.init(req.order, req.sources, req.how));
      case 'reset':
        return this.jobs.enqueue('reset', () => this.reset(req.settings));
      case 'update':
        return this.jobs.enqueue('reset', () => this.update(req.settings));
      case 'step':
        return this.jobs.enqueue('step', () => this.step());
      case 'play':
        return this.jobs.enqueue('step', () => this.play(req.until));
      case 'pause':
        return this.pause(); // at once: the play loop checks it before its next step
      case 'export':
        return this.jobs.enqueue('export', () => this.export(req.for));
    }
  }

  /** Resolves once every request queued so far has run (a play loop queues one step at a time). */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  private async init(order: BackendName[] | undefined, sources: LabSources, how?: BackendHow): Promise<void> {
    this.sources = sources;
    await this.backend.select(order, how);
  }

  private async reset(settings: LabSettings): Promise<void> {
    this.playing = false;
    const tokens = await this.corpus();
    const shipped = settings.start === 'shipped' ? await this.shippedWeights() : null;
    const next = BalanceLabTrainer.create(settings, tokens, shipped);
    this.trainer?.dispose();
    this.trainer = next;
    this.settings = settings;
    this.saved = null;
    const c = labConfig(settings);
    const layers = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l));
    this.post({ type: 'ready', settings, layers, experts: c.n_routed_experts ?? 0, corpusTokens: tokens.length });
  }

  private async update(settings: LabSettings): Promise<void> {
    const t = this.need();
    if (needsReset(t.settings, settings)) return this.reset(settings);
    t.update(settings);
    this.settings = settings;
  }

  private async step(): Promise<void> {
    if (await this.stepOnce()) await this.save();
  }

  /** Starts stepping; returns at once (the loop re-enqueues itself one step at a time). */
  private async play(until = Infinity): Promise<void> {
    this.need();
    this.until = until;
    if (this.playing) return;
    this.playing = true;
    this.jobs.enqueue('step', () => this.loop());
  }

  private pause(): void {
    this.playing = false;
  }

  private async loop(): Promise<void> {
    if (!this.playing) {
      await this.save();
      return this.post({ type: 'stopped', reason: 'paused' });
    }
    if (this.need().stepCount >= this.until) {
      this.playing = false;
      await this.save();
      return this.post({ type: 'stopped', reason: 'done' });
    }
    if (!(await this.stepOnce())) return;
    if (this.need().stepCount % CHECKPOINT_EVERY === 0) await this.save();
    await new Promise((resolve) => setTimeout(resolve, 0)); // let a pause in
    this.jobs.enqueue('step', () => this.loop());
  }

  /** One step; false when training stopped on a non-finite value. */
  private async stepOnce(): Promise<boolean> {
    const t = this.need();
    try {
      this.post({ type: 'step', event: await t.step() });
      return true;
    } catch (e) {
      if (!(e instanceof LabDivergedError)) throw e;
      this.playing = false;
      this.post({ type: 'stopped', reason: 'diverged', message: e.message });
      return false;
    }
  }

  /** The run's model as Hugging Face files; the weights' bytes are transferred. */
  private async export(target: ExportFor): Promise<void> {
    const t = this.need();
    if (!this.settings || !this.tokenizer) throw new Error('the lab has not been reset yet');
    const files = exportModel(labConfig(this.settings), await t.weights(), this.tokenizer);
    this.post({ type: 'exported', for: target, step: t.stepCount, files }, [files.safetensors.buffer as ArrayBuffer]);
  }

  /** Checkpoints the trainer, unless its device has been lost (what it holds is no longer the run's). */
  private async save(): Promise<void> {
    if (this.trainer && this.backend.healthy) this.saved = await this.trainer.checkpoint();
  }

  /** After a lost device: the trainer's tensors lived on it (removing the backend frees them). */
  forget(): void {
    this.trainer = null;
  }

  /** The run again on the new backend, from its last checkpoint; a play in progress goes on from there. */
  async restore(): Promise<void> {
    if (!this.settings || !this.tokens) return;
    this.trainer = this.saved
      ? BalanceLabTrainer.resume(this.settings, this.tokens, this.saved)
      : BalanceLabTrainer.create(this.settings, this.tokens, this.shipped);
    this.post({ type: 'restored', step: this.trainer.stepCount });
  }

  private need(): BalanceLabTrainer {
    if (!this.trainer) throw new Error('the lab has not been reset yet');
    return this.trainer;
  }

  private async corpus(): Promise<Int32Array> {
    if (this.tokens) return this.tokens;
    const src = this.sources;
    if (!src) throw new Error('the lab worker was not initialised');
    const [res, tokJson] = await Promise.all([fetch(src.text), fetchJson(src.model, 'tokenizer.json')]);
    if (!res.ok) throw new Error(`lab text: HTTP ${res.status} for ${src.text}`);
    this.tokenizer = BpeTokenizer.fromJSON(tokJson);
    this.tokens = encodeCorpus(await res.text(), this.tokenizer);
    return this.tokens;
  }

  private async shippedWeights(): Promise<HostWeights> {
    if (this.shipped) return this.shipped;
    if (!this.sources) throw new Error('the lab worker was not initialised');
    const parsed = parseModelFiles(await fetchModelFiles(this.sources.model, () => {}));
    this.shipped = parsed.weights;
    return this.shipped;
  }
}
