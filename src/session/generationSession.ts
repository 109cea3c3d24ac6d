/**
 * One prompt and its continuation, token by token, as the app steps through it: prefill the
 * prompt over the latent cache, then for each new token sample it (seeded) and run it through
 * the model, keeping one TokenRecord per position for the views. Pure TypeScript on the model;
 * it runs in the worker in the app and in Node for the trace-recording script and the tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KvCache } from '../model/kvCache';
import { disposeForwardResult, type DeepseekV2Model, type Interventions } from '../model/model';
import { Rng } from '../model/rng';
import { sampleToken, topKProbabilities, validateSamplingOptions, type SamplingOptions } from '../model/sampling';
import type { BpeTokenizer } from '../model/tokenizer';
import { disposeTrace, readTrace } from '../model/trace';
import { embeddingsPerToken, layersPerToken, type TokenRecord } from './records';

export interface SessionSettings {
  prompt: string;
  sampling: SamplingOptions;
  seed: number;
}

export interface SessionStart {
  records: TokenRecord[];
  /** prompt tokens dropped from the front to fit the context; 0 when it fitted. */
  truncated: number;
}

/** Tokens of the top-10 next-token bars. */
const TOP_N = 10;

export class SessionError extends Error {
  override name = 'SessionError';
}

export class GenerationSession {
  private readonly cache: KvCache;
  private readonly rng: Rng;
  private readonly ids: number[] = [];
  /** logits after the last token, [V]; host copy so sampling needs no tensor across awaits. */
  private lastLogits: Float32Array | null = null;

  private constructor(
    private readonly model: DeepseekV2Model,
    private readonly tokenizer: BpeTokenizer,
    private readonly settings: SessionSettings,
  ) {
    this.cache = model.newCache();
    this.rng = new Rng(settings.seed);
  }

  /** Encodes and prefills the prompt; the records cover every prompt token. */
  static async start(
    model: DeepseekV2Model,
    tokenizer: BpeTokenizer,
    settings: SessionSettings,
  ): Promise<{ session: GenerationSession } & SessionStart> {
    validateSamplingOptions(settings.sampling);
    if (!Number.isInteger(settings.seed)) throw new SessionError(`the seed must be an integer, got ${settings.seed}`);
    const text = tokenizer.encode(settings.prompt);
    if (text.length === 0) throw new SessionError('the prompt is empty: type some text to start');
    // The model was trained on lines that start with the begin-of-sentence token.
    const bos = tokenizer.specialTokens.bos;
    const head = bos === undefined ? [] : [bos];
    // Leave room for at least a quarter of the context to be generated.
    const room = Math.max(1, Math.floor((model.config.max_position_embeddings * 3) / 4) - head.length);
    const truncated = Math.max(0, text.length - room);
    const ids = [...head, ...text.slice(truncated)];
    const session = new GenerationSession(model, tokenizer, settings);
    const records = await session.run(ids, 'prompt');
    return { session, records, truncated };
  }

  /** Tokens so far (prompt and generated). */
  get tokens(): readonly number[] {
    return this.ids;
  }

  /** True when the context is full and no further token fits. */
  get full(): boolean {
    return this.ids.length >= this.model.config.max_position_embeddings;
  }

  /** Samples the next token, runs it through the model and returns its record; null when the context is full. */
  async next(): Promise<TokenRecord | null> {
    if (this.full || !this.lastLogits) return null;
    const token = sampleToken(this.lastLogits, this.settings.sampling, this.rng);
    const [record] = await this.run([token], 'generated');
    return record;
  }

  /**
   * The top-10 next-token distribution after position `index`, recomputed from scratch with
   * routing interventions (an expert switched off, another top-k, no shared experts).
   */
  async whatIf(index: number, interventions: Interventions): Promise<TokenRecord['next']> {
    if (index < 0 || index >= this.ids.length) throw new SessionError(`no token at position ${index}`);
    const prefix = this.ids.slice(0, index + 1);
    const result = this.model.forward([prefix], { interventions, attention: 'absorbed' });
    const last = tf.tidy(() => tf.reshape(tf.slice(result.logits, [0, index, 0], [1, 1, -1]), [-1])); // [V]
    disposeForwardResult(result);
    const data = (await last.data()) as Float32Array;
    last.dispose();
    return this.top(data);
  }

  dispose(): void {
    this.cache.dispose();
  }

  private top(logits: Float32Array): TokenRecord['next'] {
    return topKProbabilities(logits, TOP_N).map((t) => ({ ...t, text: this.display(t.id) }));
  }

  /** A token as the views show it; the special tokens get short names. */
  private display(id: number): string {
    const { bos, eos } = this.tokenizer.specialTokens;
    return id === bos ? '⟨bos⟩' : id === eos ? '⟨eos⟩' : this.tokenizer.tokenToString(id);
  }

  /** Feeds tokens through the model with recording on, keeps the last logits, returns their records. */
  private async run(ids: number[], source: TokenRecord['source']): Promise<TokenRecord[]> {
    const start = this.ids.length;
    const V = this.model.config.vocab_size;
    const opts = { record: true, compareAttention: true };
    // one token past the prompt: the decode step (on WebGPU the fused kernels, src/model/fused)
    const { logits, trace } =
      ids.length === 1 && this.cache.length > 0
        ? this.model.decodeStep(ids[0], this.cache, opts) // [V]
        : this.model.prefill(ids, this.cache, opts); // [T, V]
    try {
      const all = (await logits.data()) as Float32Array;
      const read = await readTrace(this.model.config, trace!);
      const layers = layersPerToken(read);
      const embeddings = embeddingsPerToken(read);
      this.lastLogits = all.slice((ids.length - 1) * V);
      this.ids.push(...ids);
      const bytesPerToken = this.cache.bytes() / this.cache.length;
      const { eos } = this.tokenizer.specialTokens;
      return ids.map((id, t) => ({
        index: start + t,
        id,
        text: this.display(id),
        source,
        embedding: embeddings[t],
        ...(id === eos ? { endOfText: true as const } : {}),
        layers: layers[t],
        next: this.top(all.subarray(t * V, (t + 1) * V)),
        cacheBytes: bytesPerToken * (start + t + 1),
      }));
    } finally {
      logits.dispose();
      disposeTrace(trace);
    }
  }
}
