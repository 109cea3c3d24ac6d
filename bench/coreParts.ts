/**
 * Benchmarks of the model core that run on any tfjs backend (Node here; the code is plain
 * tfjs-core): MLA against the MHA baseline of the same shape, the KV cache against its formula,
 * memory over a long decode, and training tokens/s. Random weights: speed does not depend on them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../src/model/config';
import type { KvCache } from '../src/model/kvCache';
import { DeepseekV2Model } from '../src/model/model';
import { Rng } from '../src/model/rng';
import { kvCacheElementsPerTokenPerLayer } from '../src/model/sizes';
import { createTrainState, disposeTrainState, trainStep } from '../src/train/trainStep';
import { DEFAULT_HYPER } from '../src/train/trainConfig';
import { configFor } from './modelBench';
import { spread, type Spread } from './stats';

export type Log = (line: string) => void;

const ids = (seed: number, vocab: number, n: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.int(vocab));
};

/** ms of one decode step, logits downloaded. */
async function stepMs(model: DeepseekV2Model, token: number, cache: KvCache): Promise<number> {
  const t0 = performance.now();
  const { logits } = model.decodeStep(token, cache);
  await logits.data();
  logits.dispose();
  return performance.now() - t0;
}

export interface AttentionKind {
  /** decode tokens/s with the cache at `context` tokens. */
  tokensPerSec: Spread;
  /** KVCache.bytes() at `context` tokens, and what the formula gives. */
  cacheBytes: number;
  formulaBytes: number;
}

export interface MhaResult {
  backend: string;
  context: number;
  mla: AttentionKind;
  mha: AttentionKind;
  /** paired samples: MHA step time / MLA step time (>1: MLA is faster). */
  mlaSpeedup: Spread;
  /** MLA bytes / MHA bytes. */
  cacheRatio: number;
}

/**
 * MLA (absorbed, latent cache) against standard MHA with the same heads, decoding one token over a
 * cache of `context` − 1 tokens; the two step alternately, so their times are paired.
 */
export async function mhaBench(base: DeepseekV2Config, context: number, reps: number, log: Log): Promise<MhaResult> {
  const c = configFor(base, context + reps + 2);
  const prompt = ids(11, c.vocab_size, context - 1);
  const kinds = (['mla', 'mha'] as const).map((kind) => {
    const config: DeepseekV2Config = kind === 'mha' ? { ...c, attention_type: 'mha' } : c;
    const model = DeepseekV2Model.init(config, 1);
    const cache = model.newCache();
    model.prefill(prompt, cache).logits.dispose();
    return { kind, config, model, cache, ms: [] as number[] };
  });
  const next = ids(12, c.vocab_size, reps + 1);
  for (const k of kinds) await stepMs(k.model, next[0], k.cache); // warm-up: the cache is now at `context`
  const bytes = kinds.map((k) => k.cache.bytes());
  const per = kvCacheElementsPerTokenPerLayer(c);
  const formula = [per.mla, per.mha].map((n) => n * c.num_hidden_layers * context * 4);
  for (let i = 1; i <= reps; i++) for (const k of kinds) k.ms.push(await stepMs(k.model, next[i], k.cache));
  for (const k of kinds) {
    k.cache.dispose();
    k.model.dispose();
  }
  const [mla, mha] = kinds;
  const result = (k: (typeof kinds)[number], i: number): AttentionKind => ({
    tokensPerSec: spread(k.ms.map((ms) => 1000 / ms)),
    cacheBytes: bytes[i],
    formulaBytes: formula[i],
  });
  log(
    `mha: MLA ${spread(mla.ms).median.toFixed(2)} ms, MHA ${spread(mha.ms).median.toFixed(2)} ms per token at ${context}`,
  );
  return {
    backend: tf.getBackend(),
    context,
    mla: result(mla, 0),
    mha: result(mha, 1),
    mlaSpeedup: spread(mha.ms.map((ms, i) => ms / mla.ms[i])),
    cacheRatio: bytes[0] / bytes[1],
  };
}

export interface MemoryResult {
  backend: string;
  /** latent cache bytes against (d_c + d_h^R)·layers·tokens·4 at several lengths. */
  cache: { tokens: number; bytes: number; formula: number }[];
  steps: number;
  /** tensors alive after the first decode step and after the last (cache held); with the model only, before and after. */
  tensors: { afterFirstStep: number; afterLastStep: number; before: number; after: number };
  /** tf.profile over the decode loop: peak bytes of live tensors. */
  peakTensorBytes: number;
  /** bytes in tensors with the cache at its longest. */
  tensorBytesAtEnd: number;
  /** JS heap used before the run and after the unprofiled steps (Node: process.memoryUsage; browser: performance.memory). */
  heapBefore: number | null;
  heapAfter: number | null;
  ms: number;
}

export function jsHeap(): number | null {
  const p = performance as unknown as { memory?: { usedJSHeapSize: number } };
  if (p.memory) return p.memory.usedJSHeapSize;
  const proc = (globalThis as { process?: { memoryUsage?: () => { heapUsed: number } } }).process;
  return proc?.memoryUsage ? proc.memoryUsage().heapUsed : null;
}

/** A 16-token prompt, then `steps` decode steps on one cache: tensor counts, peak bytes, heap. */
export async function memoryBench(base: DeepseekV2Config, steps: number, log: Log): Promise<MemoryResult> {
  const t0 = performance.now();
  const c = configFor(base, steps + 32);
  const model = DeepseekV2Model.init(c, 1);
  const before = tf.memory().numTensors;
  const heapBefore = jsHeap();
  const perToken = kvCacheElementsPerTokenPerLayer(c).mla * c.num_hidden_layers * 4;
  const cache = model.newCache();
  const checkpoints = new Set([1, 16, 64, 256, 1024].filter((n) => n <= steps + 16));
  const table: MemoryResult['cache'] = [];
  const record = () => {
    if (checkpoints.has(cache.length))
      table.push({ tokens: cache.length, bytes: cache.bytes(), formula: perToken * cache.length });
  };
  model.prefill(ids(21, c.vocab_size, 16), cache).logits.dispose();
  record();
  const next = ids(22, c.vocab_size, steps);
  let afterFirstStep = 0;
  const step = async (i: number) => {
    const { logits } = model.decodeStep(next[i], cache);
    await logits.data();
    logits.dispose();
    if (i === 0) afterFirstStep = tf.memory().numTensors;
    record();
    if (i % 250 === 249) log(`memory: ${i + 1} steps, ${tf.memory().numTensors} tensors`);
  };
  // tf.profile keeps a record of every kernel, so only the last steps (the longest cache) are profiled
  const profiled = Math.min(8, steps);
  for (let i = 0; i < steps - profiled; i++) await step(i);
  const heapLong = jsHeap();
  const profile = await tf.profile(async () => {
    for (let i = steps - profiled; i < steps; i++) await step(i);
  });
  const tensorBytesAtEnd = tf.memory().numBytes;
  const afterLastStep = tf.memory().numTensors;
  cache.dispose();
  const after = tf.memory().numTensors;
  model.dispose();
  return {
    backend: tf.getBackend(),
    cache: table,
    steps,
    tensors: { afterFirstStep, afterLastStep, before, after },
    peakTensorBytes: profile.peakBytes,
    tensorBytesAtEnd,
    heapBefore,
    heapAfter: heapLong,
    ms: performance.now() - t0,
  };
}

export interface TrainResult {
  backend: string;
  batch: { B: number; T: number };
  tokensPerSec: Spread;
  stepMs: Spread;
}

/** Training steps (forward, backward, AdamW) at B×T tokens; needs the gradients registered. */
export async function trainBench(c: DeepseekV2Config, steps: number, B: number, T: number, log: Log) {
  const hyper = { ...DEFAULT_HYPER, batchSize: B, seqLen: T, steps: 1000 };
  const state = createTrainState(c, hyper);
  const rng = new Rng(31);
  const batch = () => ({ tokens: Int32Array.from({ length: B * (T + 1) }, () => rng.int(c.vocab_size)), B, T });
  await trainStep(state, batch()); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < steps; i++) ms.push((await trainStep(state, batch())).ms);
  disposeTrainState(state);
  log(`train: ${spread(ms).median.toFixed(0)} ms per step of ${B}×${T} tokens`);
  return {
    backend: tf.getBackend(),
    batch: { B, T },
    tokensPerSec: spread(ms.map((m) => (1000 * B * T) / m)),
    stepMs: spread(ms),
  } satisfies TrainResult;
}
