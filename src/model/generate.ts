/**
 * Autoregressive generation over the latent KV cache: one prefill of the prompt, then one
 * decodeStep per new token (absorbed MLA by default). Sampling runs on the host from a seeded Rng,
 * so the same model, prompt, seed and settings always give the same tokens.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionPath } from './mla';
import type { DeepseekV2Model, Interventions, StepResult } from './model';
import { Rng } from './rng';
import { sampleToken, topKProbabilities, type SamplingOptions, type TokenProbability } from './sampling';
import { disposeTrace, readTrace, type ModelTrace, type PendingTrace } from './trace';

export interface GenerateOptions {
  /** new tokens to generate at most. */
  maxNew: number;
  sampling: SamplingOptions;
  /** seeds the sampling Rng. */
  seed: number;
  /** attach the trace of the pass that produced each token's logits. */
  record?: boolean;
  /** stops generation (the generator returns) at the next token boundary. */
  signal?: AbortSignal;
  /** report the k most likely next tokens with each step (0 = off, the default). */
  topK?: number;
  /** stop after emitting one of these ids (e.g. eos_token_id). */
  stopTokens?: number[];
  /** attention path for prefill and decode (default 'absorbed'). */
  attention?: AttentionPath;
  /** record max |naive − absorbed| per layer in the trace (needs record). */
  compareAttention?: boolean;
  interventions?: Interventions;
}

export interface GeneratedToken {
  /** the sampled token id. */
  token: number;
  /** 0 for the first new token. */
  step: number;
  /** its position in the sequence (prompt length + step). */
  position: number;
  /** the most likely next tokens at temperature 1, when topK > 0. */
  top?: TokenProbability[];
  /** the forward record of the pass whose logits chose this token (prefill for step 0). */
  trace?: ModelTrace;
  /** bytes in the latent KV cache when the token was chosen. */
  cacheBytes: number;
}

/** Yields new tokens one at a time; the cache and every tensor are freed when it ends or is abandoned. */
export async function* generate(
  model: DeepseekV2Model,
  promptIds: number[],
  opts: GenerateOptions,
): AsyncGenerator<GeneratedToken, void, undefined> {
  if (promptIds.length === 0) throw new Error('generate: the prompt needs at least one token');
  const c = model.config;
  const rng = new Rng(opts.seed);
  const stop = new Set(opts.stopTokens ?? []);
  const fwd = {
    record: opts.record,
    attention: opts.attention,
    compareAttention: opts.compareAttention,
    interventions: opts.interventions,
  };
  const cache = model.newCache();
  let logits: tf.Tensor1D | null = null; // [V], crosses awaits: freed by hand
  let pending: PendingTrace | null = null;
  try {
    const first = model.prefill(promptIds, cache, fwd);
    pending = first.trace;
    const T = promptIds.length;
    logits = tf.tidy(() =>
      tf.reshape(tf.slice(first.logits, [T - 1, 0], [1, c.vocab_size]), [c.vocab_size]),
    ) as tf.Tensor1D; // [V]
    first.logits.dispose();
    for (let step = 0; step < opts.maxNew; step++) {
      if (opts.signal?.aborted) return;
      const data = (await (logits as tf.Tensor1D).data()) as Float32Array;
      logits?.dispose();
      logits = null;
      const trace = pending ? await readTrace(c, pending) : undefined;
      pending = null;
      if (opts.signal?.aborted) return;
      const token = sampleToken(data, opts.sampling, rng);
      const out: GeneratedToken = { token, step, position: cache.length, cacheBytes: cache.bytes() };
      if (opts.topK) out.top = topKProbabilities(data, opts.topK);
      if (trace) out.trace = trace;
      yield out;
      if (stop.has(token) || step === opts.maxNew - 1 || cache.length >= c.max_position_embeddings) return;
      const next: StepResult<tf.Tensor1D> = model.decodeStep(token, cache, fwd);
      logits = next.logits;
      pending = next.trace;
    }
  } finally {
    logits?.dispose();
    disposeTrace(pending);
    cache.dispose();
  }
}
