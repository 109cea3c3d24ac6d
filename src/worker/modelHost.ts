/**
 * Everything the worker holds: the backend, the model (and its host weights, to rebuild it after a
 * lost GPU), the tokenizer and the current generation session. Requests run one at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DeepseekV2Model, type Interventions } from '../model/model';
import { parseModelFiles, type LoadedModelFiles } from '../model/modelFiles';
import { TINYSEEK } from '../model/presets';
import { BpeTokenizer } from '../model/tokenizer';
import { initWeights } from '../model/weights';
import { BACKEND_ORDER, selectBackend } from '../runtime/backends';
import type { BackendName, BackendStatus } from '../runtime/backendTypes';
import { GenerationSession } from '../session/generationSession';
import { fetchJson, fetchModelFiles, modelFilesFromDrop } from './fetchModel';
import type { LoadedModelInfo, ModelSource, SessionRequest, WorkerEvent } from './protocol';

type Post = (e: WorkerEvent) => void;

/** What a lost device reports (GPUDeviceLostInfo's fields). */
export interface DeviceLoss {
  reason: string;
  message: string;
}

/** The host's ties to the platform, replaceable in tests. */
export interface HostHooks {
  /** chooses and activates a backend (default: runtime/backends selectBackend). */
  select: (order?: BackendName[]) => Promise<BackendStatus>;
  /** resolves when the active backend's device is lost; null when it has none (default: WebGPU's device.lost). */
  deviceLoss: (status: BackendStatus) => Promise<DeviceLoss> | null;
}

const DEFAULT_HOOKS: HostHooks = {
  select: (order) => selectBackend(order),
  deviceLoss: (status) => {
    if (status.active !== 'webgpu') return null;
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    return device ? device.lost : null;
  },
};

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

export class ModelHost {
  private order: BackendName[] | undefined;
  private files: (LoadedModelFiles & { info: LoadedModelInfo }) | null = null;
  private model: DeepseekV2Model | null = null;
  private session: GenerationSession | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly hooks: HostHooks;
  /** why a backend was given up (a lost device), shown with every later backend status. */
  private readonly lost: { name: BackendName; reason: string }[] = [];

  constructor(
    private readonly post: Post,
    hooks: Partial<HostHooks> = {},
  ) {
    this.hooks = { ...DEFAULT_HOOKS, ...hooks };
  }

  /** Resolves once every request queued so far has run. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Runs requests in arrival order; a failure is reported and the next request still runs. */
  enqueue(during: Extract<WorkerEvent, { type: 'error' }>['during'], id: number | undefined, job: () => Promise<void>) {
    this.queue = this.queue.then(job).catch((e) => this.post({ type: 'error', during, message: message(e), id }));
  }

  async init(order?: BackendName[]): Promise<void> {
    this.order = order;
    await this.select(order);
  }

  private async select(order?: BackendName[]): Promise<void> {
    const status = await this.hooks.select(order);
    const lost = this.lost.map((l) => ({ name: l.name, ok: false as const, reason: l.reason, ms: 0 }));
    this.post({ type: 'backend', status: { ...status, attempts: [...lost, ...status.attempts] } });
    const loss = this.hooks.deviceLoss(status);
    if (loss) void loss.then((info) => this.onDeviceLost(status.active, info));
  }

  async load(source: ModelSource): Promise<void> {
    const t0 = performance.now();
    const loaded = await this.readSource(source);
    this.post({ type: 'loadProgress', phase: 'upload', loaded: 0, total: null });
    const model = DeepseekV2Model.fromHostWeights(loaded.config, loaded.weights);
    this.disposeModel();
    this.model = model;
    this.files = loaded;
    this.post({ type: 'loaded', model: loaded.info, ms: performance.now() - t0 });
  }

  async start(id: number, req: SessionRequest): Promise<void> {
    const { model, tokenizer } = this.ready();
    this.session?.dispose();
    this.session = null;
    const { session, records, truncated } = await GenerationSession.start(model, tokenizer, req);
    this.session = session;
    this.post({ type: 'started', id, records, truncated });
  }

  async next(id: number): Promise<void> {
    if (!this.session) throw new Error('no prompt has been started');
    this.post({ type: 'token', id, record: await this.session.next() });
  }

  async whatIf(id: number, index: number, interventions: Interventions): Promise<void> {
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
      source.kind === 'url' ? await fetchModelFiles(source.base, progress) : modelFilesFromDrop(source.files);
    this.post({ type: 'loadProgress', phase: 'parse', loaded: 0, total: null });
    const parsed = parseModelFiles(contents);
    if (!parsed.tokenizer) throw new Error('tokenizer.json: missing');
    if (parsed.config.attention_type === 'mha') {
      throw new Error('config.json: attention_type "mha" is the ablation baseline; the views need an MLA model');
    }
    const name = source.kind === 'url' ? source.base.replace(/\/$/, '').split('/').pop() || 'model' : 'your model';
    const info = { name, config: parsed.config, untrained: false, vocabSize: parsed.tokenizer.vocabSize };
    return { ...parsed, info };
  }

  /** On a lost GPU device: say so, choose another backend, rebuild the model from the host weights. */
  private onDeviceLost(backend: BackendName, info: DeviceLoss): void {
    if (info.reason === 'destroyed') return; // we destroyed it ourselves
    const why = `the GPU device was lost (${info.message || info.reason})`;
    this.lost.push({ name: backend, reason: why });
    this.post({ type: 'deviceLost', message: why });
    this.enqueue('backend', undefined, () => this.recover(backend));
  }

  private async recover(lostBackend: BackendName): Promise<void> {
    this.session?.dispose();
    this.session = null;
    this.model = null; // its tensors lived on the lost device; removing the backend frees them
    if (tf.findBackend(lostBackend)) tf.removeBackend(lostBackend);
    const gone = new Set(this.lost.map((l) => l.name));
    const order = (this.order ?? BACKEND_ORDER).filter((b) => !gone.has(b));
    await this.select(order.length > 0 ? order : ['cpu']);
    if (this.files) {
      const t0 = performance.now();
      this.model = DeepseekV2Model.fromHostWeights(this.files.config, this.files.weights);
      this.post({ type: 'loaded', model: this.files.info, ms: performance.now() - t0 });
    }
  }

  private disposeModel(): void {
    this.session?.dispose();
    this.session = null;
    this.model?.dispose();
    this.model = null;
  }
}
