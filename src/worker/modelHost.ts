/**
 * Everything the model worker holds: the backend, the model (and its host weights, to rebuild it
 * after a lost GPU), the tokenizer and the current generation session. Requests run one at a time.
 */
import { countDispatchesAsync } from '../model/fused/dispatchCounter';
import { DeepseekV2Model, type Interventions } from '../model/model';
import { parseModelFiles, type LoadedModelFiles } from '../model/modelFiles';
import { TINYSEEK } from '../model/presets';
import { trialRun } from '../model/trialRun';
import { BpeTokenizer } from '../model/tokenizer';
import { initWeights } from '../model/weights';
import type { BackendHow, BackendName } from '../runtime/backendTypes';
import { GenerationSession } from '../session/generationSession';
import { BackendKeeper, type BackendHooks, type Recoverable } from './backendKeeper';
import { fetchJson, fetchModelFiles, modelFilesFromDrop } from './fetchModel';
import { expandZips } from './modelZip';
import { JobQueue } from './jobQueue';
import type { Host } from './serve';
import type { LoadedModelInfo, ModelDuring, ModelSource, SessionRequest, WorkerEvent, WorkerRequest } from './protocol';

type Post = (e: WorkerEvent) => void;

export class ModelHost implements Host<WorkerRequest>, Recoverable {
  private files: (LoadedModelFiles & { info: LoadedModelInfo }) | null = null;
  private model: DeepseekV2Model | null = null;
  private session: GenerationSession | null = null;
  private readonly jobs: JobQueue<ModelDuring>;
  private readonly backend: BackendKeeper;

  constructor(
    private readonly post: Post,
    hooks: Partial<BackendHooks> = {},
  ) {
    this.jobs = new JobQueue(post);
    this.backend = new BackendKeeper(post, this.jobs, this, hooks);
  }

  /** Queues a request; each runs after the ones before it, and a failure is reported with its id. */
  handle(req: WorkerRequest): void {
    switch (req.type) {
      case 'init':
        return this.jobs.enqueue('backend', () => this.init(req.order, req.how));
      case 'load':
        return this.jobs.enqueue('load', () => this.load(req.source));
      case 'start':
        return this.jobs.enqueue('start', () => this.start(req.id, req.session), req.id);
      case 'next':
        return this.jobs.enqueue('next', () => this.next(req.id), req.id);
      case 'whatIf':
        return this.jobs.enqueue('whatIf', () => this.whatIf(req.id, req.index, req.interventions), req.id);
    }
  }

  /** Resolves once every request queued so far has run. */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  private async init(order?: BackendName[], how?: BackendHow): Promise<void> {
    await this.backend.select(order, how);
  }

  private async load(source: ModelSource): Promise<void> {
    const t0 = performance.now();
    const loaded = await this.readSource(source);
    this.post({ type: 'loadProgress', phase: 'upload', loaded: 0, total: null });
    // built beside the model in use, which stays (and keeps its session) unless the trial passes
    const model = DeepseekV2Model.fromHostWeights(loaded.config, loaded.weights);
    try {
      if (loaded.tokenizer) await trialRun(model, loaded.tokenizer);
    } catch (e) {
      model.dispose();
      throw e;
    }
    this.disposeModel();
    this.model = model;
    this.files = loaded;
    this.post({ type: 'loaded', model: loaded.info, ms: performance.now() - t0 });
  }

  private async start(id: number, req: SessionRequest): Promise<void> {
    const { model, tokenizer } = this.ready();
    this.session?.dispose();
    this.session = null;
    const { result, dispatches } = await countDispatchesAsync(() => GenerationSession.start(model, tokenizer, req));
    const { session, records, truncated } = result;
    this.session = session;
    this.post({ type: 'started', id, records, truncated, dispatches });
  }

  private async next(id: number): Promise<void> {
    const session = this.session;
    if (!session) throw new Error('no prompt has been started');
    const { result: record, dispatches } = await countDispatchesAsync(() => session.next());
    this.post({ type: 'token', id, record, dispatches });
  }

  private async whatIf(id: number, index: number, interventions: Interventions): Promise<void> {
    if (!this.session) throw new Error('no prompt has been started');
    this.post({ type: 'whatIf', id, index, next: await this.session.whatIf(index, interventions) });
  }

  private ready(): { model: DeepseekV2Model; tokenizer: BpeTokenizer } {
    if (!this.model || !this.files?.tokenizer) throw new Error('the model has not loaded yet');
    return { model: this.model, tokenizer: this.files.tokenizer };
  }

  private async readSource(source: ModelSource): Promise<LoadedModelFiles & { info: LoadedModelInfo }> {
    const progress = (loaded: number, total: number | null) =>
      this.post({ type: 'loadProgress', phase: 'download', loaded, total });
    if (source.kind === 'random') {
      const tokenizer = BpeTokenizer.fromJSON(await fetchJson(source.base, 'tokenizer.json'));
      const config = { ...TINYSEEK, vocab_size: tokenizer.vocabSize };
      const info = {
        name: `random weights (seed ${source.seed})`,
        config,
        untrained: true,
        vocabSize: tokenizer.vocabSize,
      };
      return { config, tokenizer, weights: initWeights(config, source.seed), info };
    }
    const contents =
      source.kind === 'url'
        ? await fetchModelFiles(source.base, progress)
        : modelFilesFromDrop(expandZips(source.files));
    this.post({ type: 'loadProgress', phase: 'parse', loaded: 0, total: null });
    const parsed = parseModelFiles(contents);
    if (!parsed.tokenizer) throw new Error('tokenizer.json: missing');
    if (parsed.config.attention_type === 'mha') {
      throw new Error('config.json: attention_type "mha" is the ablation baseline; the views need an MLA model');
    }
    const name =
      source.kind === 'url'
        ? source.base.replace(/\/$/, '').split('/').pop() || 'model'
        : (source.name ?? 'your model');
    const info = { name, config: parsed.config, untrained: false, vocabSize: parsed.tokenizer.vocabSize };
    return { ...parsed, info };
  }

  /** After a lost device: the session and the model lived on it (removing the backend frees them). */
  forget(): void {
    this.session?.dispose();
    this.session = null;
    this.model = null;
  }

  /** Rebuilds the model on the new backend from the host weights; the UI replays its session on 'loaded'. */
  async restore(): Promise<void> {
    if (!this.files) return;
    const t0 = performance.now();
    this.model = DeepseekV2Model.fromHostWeights(this.files.config, this.files.weights);
    this.post({ type: 'loaded', model: this.files.info, ms: performance.now() - t0 });
  }

  private disposeModel(): void {
    this.session?.dispose();
    this.session = null;
    this.model?.dispose();
    this.model = null;
  }
}
