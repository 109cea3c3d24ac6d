/**
 * Everything the lab worker holds: the backend, the encoded lab text, the shipped weights (fetched
 * the first time a run starts from them) and the trainer. Requests run one at a time; play steps
 * until paused, yielding between steps so a pause gets in.
 */
import { parseModelFiles } from '../../model/modelFiles';
import { BpeTokenizer } from '../../model/tokenizer';
import type { HostWeights } from '../../model/weights';
import { selectBackend } from '../../runtime/backends';
import type { BackendName } from '../../runtime/backendTypes';
import { encodeCorpus } from '../../train/data';
import { labConfig, needsReset, type LabSettings } from '../../train/lab/labSettings';
import { BalanceLabTrainer, LabDivergedError } from '../../train/lab/labTrainer';
import { isMoeLayer } from '../../model/config';
import { fetchJson, fetchModelFiles } from '../fetchModel';
import type { LabEvent, LabSources } from './protocol';

type Post = (e: LabEvent) => void;

const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

export class LabHost {
  private sources: LabSources | null = null;
  private tokens: Int32Array | null = null;
  private shipped: HostWeights | null = null;
  private trainer: BalanceLabTrainer | null = null;
  private playing = false;
  private until = Infinity;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: Post) {}

  /** Runs jobs in arrival order; a failure is reported and the next job still runs. */
  enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((e) => {
      this.playing = false;
      this.post({ type: 'error', message: oneLine(e) });
    });
  }

  async init(order: BackendName[] | undefined, sources: LabSources): Promise<void> {
    this.sources = sources;
    this.post({ type: 'backend', status: await selectBackend(order) });
  }

  async reset(settings: LabSettings): Promise<void> {
    this.playing = false;
    const tokens = await this.corpus();
    const shipped = settings.start === 'shipped' ? await this.shippedWeights() : null;
    const next = BalanceLabTrainer.create(settings, tokens, shipped);
    this.trainer?.dispose();
    this.trainer = next;
    const c = labConfig(settings);
    const layers = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l));
    this.post({ type: 'ready', settings, layers, experts: c.n_routed_experts ?? 0, corpusTokens: tokens.length });
  }

  async update(settings: LabSettings): Promise<void> {
    const t = this.need();
    if (needsReset(t.settings, settings)) return this.reset(settings);
    t.update(settings);
  }

  async step(): Promise<void> {
    await this.stepOnce();
  }

  /** Starts stepping; returns at once (the loop re-enqueues itself one step at a time). */
  async play(until = Infinity): Promise<void> {
    this.need();
    this.until = until;
    if (this.playing) return;
    this.playing = true;
    this.enqueue(() => this.loop());
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
  }

  private async loop(): Promise<void> {
    if (!this.playing) return this.post({ type: 'stopped', reason: 'paused' });
    if (this.need().stepCount >= this.until) {
      this.playing = false;
      return this.post({ type: 'stopped', reason: 'done' });
    }
    if (!(await this.stepOnce())) return;
    await new Promise((resolve) => setTimeout(resolve, 0)); // let a pause in
    this.enqueue(() => this.loop());
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
    this.tokens = encodeCorpus(await res.text(), BpeTokenizer.fromJSON(tokJson));
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
