/**
 * The model benchmark, on whatever tfjs backend is active (Node or a browser page run the same
 * code). Every timing ends with the logits downloaded, as generation needs them.
 *
 * - prefill: a fresh cache takes a `promptLength`-token prompt (absorbed MLA); tokens/s.
 * - decode: one token per step over that cache; tokens/s = 1 / step time. On webgpu, each step
 *   of the fused decode (src/model/fused) is paired with one on the op-by-op path ({ fused: false }).
 * - dispatches (webgpu): GPU dispatches of one decode token (trace on, as the app records it) and
 *   of the prefill, per prompt token, counted with src/model/fused/dispatchCounter.ts. The trace is
 *   the app's: record and compareAttention.
 * - at each context C, side by side in one loop (paired samples, so the ratios are per pair):
 *   a cached decode step with absorbed MLA and with naive MLA (each over its own copy of the
 *   same C−1-token cache, so every sample sees exactly C keys), and the uncached way: a full
 *   forward over all C tokens, keeping the last position's logits.
 * - check: max |logits − cpu logits| of a short forward, and (WebGPU) validation errors, so a
 *   backend that computes garbage fast cannot pass unnoticed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig, type DeepseekV2Config } from '../src/model/config';
import { KvCache } from '../src/model/kvCache';
import { DeepseekV2Model, disposeForwardResult } from '../src/model/model';
import { disposeTrace } from '../src/model/trace';
import { countDispatches } from '../src/model/fused/dispatchCounter';
import { Rng } from '../src/model/rng';
import { mapDecreasing, spread, type Spread } from './stats';

export interface BenchPlan {
  /** tokens in the prefill prompt. */
  promptLength: number;
  /** timed prefills. */
  prefillReps: number;
  /** timed decode steps after the prompt. */
  decodeSteps: number;
  /** contexts C for the ratios. */
  contexts: number[];
  /** paired samples per context: at most ratioReps, at least minRatioReps, else as many as fit contextBudgetSec. */
  ratioReps: number;
  minRatioReps: number;
  contextBudgetSec: number;
  /**
   * A context is skipped when its uncached forward (and so the prefill of its cache) is predicted
   * to take longer than this: the last measured one × (C / C_last)².
   */
  maxSampleSec: number;
  seed: number;
}

export const FULL_PLAN: BenchPlan = {
  promptLength: 64,
  prefillReps: 7,
  decodeSteps: 32,
  contexts: [64, 256, 1024],
  ratioReps: 7,
  minRatioReps: 3,
  contextBudgetSec: 150,
  maxSampleSec: 150,
  seed: 1,
};
export const QUICK_PLAN: BenchPlan = {
  ...FULL_PLAN,
  prefillReps: 2,
  decodeSteps: 4,
  ratioReps: 2,
  minRatioReps: 1,
  contextBudgetSec: 20,
  maxSampleSec: 10,
};

/** Below this a sample gets an untimed warm-up run first (shader compilation); above it, it would not matter. */
const WARM_UP_BELOW_SEC = 5;

export interface ContextResult {
  /** keys the new token attends to (C − 1 cached + itself). */
  context: number;
  /** ms per token: cached absorbed, cached naive, uncached forward over C tokens. */
  absorbedMs: Spread;
  naiveMs: Spread;
  uncachedMs: Spread;
  /** speed ratios of paired samples: naive time / absorbed time, uncached time / absorbed time. */
  absorbedOverNaive: Spread;
  cachedOverUncached: Spread;
}

/** A context that did not fit the plan's time limits. */
export interface SkippedContext {
  context: number;
  /** predicted seconds of one uncached forward (and of the prefill the cached steps need). */
  skipped: number;
}

export interface BackendResult {
  backend: string;
  /** 'node' or the browser's user agent. */
  host: string;
  prefill: { tokens: number; ms: Spread; tokensPerSec: Spread };
  decode: { afterTokens: number; ms: Spread; tokensPerSec: Spread };
  /** webgpu only: the op-by-op decode paired with `decode`, and fused / op-by-op speed per pair. */
  unfusedDecode?: { ms: Spread; tokensPerSec: Spread; fusedOverUnfused: Spread };
  /** webgpu only: GPU dispatches per decode token (trace on) and per prefill token; absent elsewhere. */
  dispatches?: { decodePerToken: number; unfusedDecodePerToken: number; prefillPerToken: number };
  contexts: (ContextResult | SkippedContext)[];
  check: {
    /** max |logits − cpu logits| of a 16-token forward; null on cpu, NaN (stored as null in JSON) when non-finite. */
    maxAbsDiffVsCpu: number | null;
    /** WebGPU validation errors (an invalid shader voids its command buffer, silently). */
    gpuErrors: string[];
  };
  /** wall time of this backend's whole run, s. */
  seconds: number;
}

export type Progress = (line: string) => void;

/** The config at context C: TINYSEEK's rope tables stop at max_position_embeddings. */
export function configFor(c: DeepseekV2Config, context: number): DeepseekV2Config {
  return context <= c.max_position_embeddings ? c : parseConfig({ ...c, max_position_embeddings: context });
}

function tokens(seed: number, vocab: number, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.int(vocab));
}

/** A copy of a cache (the copy owns its tensors). */
function copyCache(c: DeepseekV2Config, from: KvCache): KvCache {
  const to = new KvCache(c);
  for (let l = 0; l < c.num_hidden_layers; l++)
    to.append(l, from.latent(l) as tf.Tensor2D, from.ropeKey(l) as tf.Tensor2D);
  return to;
}

async function timed(fn: () => tf.Tensor): Promise<number> {
  const t0 = performance.now();
  const out = fn();
  await out.data();
  const ms = performance.now() - t0;
  out.dispose();
  return ms;
}

/** Logits of the last position of a full forward over `ids`: [V]. */
function uncached(model: DeepseekV2Model, ids: number[]): tf.Tensor {
  const r = model.forward([ids]);
  const last = tf.tidy(() => tf.slice(r.logits, [0, ids.length - 1, 0], [1, 1, -1])); // [1, 1, V]
  disposeForwardResult(r);
  return last;
}

/** Prefill and decode speed on the active backend. */
async function speed(model: DeepseekV2Model, plan: BenchPlan, log: Progress) {
  const c = model.config;
  const prompt = tokens(plan.seed, c.vocab_size, plan.promptLength);
  const prefillOnce = async () => {
    const cache = model.newCache();
    const ms = await timed(() => model.prefill(prompt, cache).logits);
    cache.dispose();
    return ms;
  };
  await prefillOnce(); // warm-up: shader compilation, first allocations
  const prefillMs: number[] = [];
  for (let i = 0; i < plan.prefillReps; i++) prefillMs.push(await prefillOnce());
  log(`prefill ${plan.promptLength} tokens: ${spread(prefillMs).median.toFixed(1)} ms`);

  const cache = model.newCache();
  const prefilled = countDispatches(() => model.prefill(prompt, cache).logits);
  prefilled.result.dispose();
  const next = tokens(plan.seed + 1, c.vocab_size, 2 * plan.decodeSteps + 4);
  const gpu = prefilled.dispatches !== null;
  const recorded = (fused: boolean) => {
    const r = countDispatches(() => model.decodeStep(next[0], cache, { record: true, compareAttention: true, fused }));
    r.result.logits.dispose();
    disposeTrace(r.result.trace);
    return r.dispatches ?? 0;
  };
  await timed(() => model.decodeStep(next[1], cache).logits); // warm-up
  if (gpu) await timed(() => model.decodeStep(next[2], cache, { fused: false }).logits);
  const decodeMs: number[] = [];
  const unfusedMs: number[] = [];
  for (let i = 1; i <= plan.decodeSteps; i++) {
    decodeMs.push(await timed(() => model.decodeStep(next[2 * i + 1], cache).logits));
    if (gpu) unfusedMs.push(await timed(() => model.decodeStep(next[2 * i + 2], cache, { fused: false }).logits));
  }
  const dispatches = gpu
    ? {
        decodePerToken: recorded(true),
        unfusedDecodePerToken: recorded(false),
        prefillPerToken: (prefilled.dispatches ?? 0) / plan.promptLength,
      }
    : undefined;
  cache.dispose();
  log(`decode: ${spread(decodeMs).median.toFixed(2)} ms/token`);
  if (dispatches) {
    log(`decode op-by-op: ${spread(unfusedMs).median.toFixed(2)} ms/token`);
    log(
      `dispatches per decode token (trace on): ${dispatches.decodePerToken} fused, ${dispatches.unfusedDecodePerToken} op-by-op; ` +
        `prefill: ${dispatches.prefillPerToken.toFixed(1)} per token`,
    );
  }
  const pre = spread(prefillMs);
  const dec = spread(decodeMs);
  const perSec = (x: Spread) => mapDecreasing(x, (ms) => 1000 / ms);
  return {
    prefill: {
      tokens: plan.promptLength,
      ms: pre,
      tokensPerSec: mapDecreasing(pre, (ms) => (1000 * plan.promptLength) / ms),
    },
    decode: { afterTokens: plan.promptLength, ms: dec, tokensPerSec: perSec(dec) },
    ...(gpu
      ? {
          unfusedDecode: {
            ms: spread(unfusedMs),
            tokensPerSec: perSec(spread(unfusedMs)),
            fusedOverUnfused: spread(unfusedMs.map((u, i) => u / decodeMs[i])),
          },
        }
      : {}),
    ...(dispatches ? { dispatches } : {}),
  };
}

/** Cached absorbed, cached naive and uncached, interleaved, at context C. */
async function atContext(
  base: DeepseekV2Config,
  C: number,
  plan: BenchPlan,
  predictedSec: number | null,
): Promise<ContextResult | SkippedContext> {
  if (predictedSec !== null && predictedSec > plan.maxSampleSec) return { context: C, skipped: predictedSec };
  const c = configFor(base, C);
  const model = DeepseekV2Model.init(c, plan.seed);
  const ids = tokens(plan.seed + C, c.vocab_size, C);
  const prefix = model.newCache();
  model.prefill(ids.slice(0, C - 1), prefix).logits.dispose();
  const token = ids[C - 1];
  const step = async (attention: 'absorbed' | 'naive') => {
    const cache = copyCache(c, prefix);
    // op-by-op on webgpu too, so absorbed against naive compares the same machinery (not the fused kernels)
    const ms = await timed(() => model.decodeStep(token, cache, { attention, fused: false }).logits);
    cache.dispose();
    return ms;
  };
  const samples = { absorbed: [] as number[], naive: [] as number[], uncached: [] as number[] };
  const round = async () => {
    samples.absorbed.push(await step('absorbed'));
    samples.naive.push(await step('naive'));
    samples.uncached.push(await timed(() => uncached(model, ids)));
  };
  // warm-up: the cached steps always, the uncached forward only when it is short
  await step('absorbed');
  await step('naive');
  const warmUncached = predictedSec === null || predictedSec < WARM_UP_BELOW_SEC;
  if (warmUncached) await timed(() => uncached(model, ids));
  await round();
  const roundSec = (samples.absorbed[0] + samples.naive[0] + samples.uncached[0]) / 1000;
  const reps = Math.min(plan.ratioReps, Math.max(plan.minRatioReps, Math.floor(plan.contextBudgetSec / roundSec)));
  for (let i = 1; i < reps; i++) await round();
  prefix.dispose();
  model.dispose();
  const pair = (xs: number[]) => spread(xs.map((x, i) => x / samples.absorbed[i]));
  return {
    context: C,
    absorbedMs: spread(samples.absorbed),
    naiveMs: spread(samples.naive),
    uncachedMs: spread(samples.uncached),
    absorbedOverNaive: pair(samples.naive),
    cachedOverUncached: pair(samples.uncached),
  };
}

/** Max |logits − cpu logits| of a 16-token forward; switches to cpu and back. */
async function checkAgainstCpu(c: DeepseekV2Config, seed: number): Promise<number | null> {
  const backend = tf.getBackend();
  if (backend === 'cpu') return null;
  const ids = tokens(seed + 7, c.vocab_size, 16);
  const run = async () => {
    const model = DeepseekV2Model.init(c, seed);
    const r = model.forward([ids]);
    const data = (await r.logits.data()) as Float32Array;
    disposeForwardResult(r);
    model.dispose();
    return data;
  };
  const here = await run();
  await tf.setBackend('cpu');
  const cpu = await run();
  await tf.setBackend(backend);
  let max = 0;
  for (let i = 0; i < here.length; i++) max = Math.max(max, Math.abs(here[i] - cpu[i])); // NaN if any is
  return max;
}

/** Runs the whole plan on the active backend (random weights: speed does not depend on them). */
export async function runModelBench(
  config: DeepseekV2Config,
  plan: BenchPlan,
  host: string,
  log: Progress = () => {},
): Promise<BackendResult> {
  const t0 = performance.now();
  const backend = tf.getBackend();
  const gpuErrors: string[] = [];
  const device = backend === 'webgpu' ? (tf.backend() as unknown as { device: GPUDevice }).device : null;
  const onError = (e: Event) => gpuErrors.push((e as GPUUncapturedErrorEvent).error.message.split('\n')[0]);
  device?.addEventListener('uncapturederror', onError);
  const before = tf.memory().numTensors;
  try {
    const model = DeepseekV2Model.init(config, plan.seed);
    const { prefill, decode, unfusedDecode, dispatches } = await speed(model, plan, log);
    model.dispose();
    const contexts: (ContextResult | SkippedContext)[] = [];
    let last: { context: number; sec: number } | null = null;
    for (const C of plan.contexts) {
      const predicted = last ? last.sec * (C / last.context) ** 2 : null;
      const r = await atContext(config, C, plan, predicted);
      if ('skipped' in r) log(`context ${C}: skipped (uncached forward predicted ${r.skipped.toFixed(0)} s)`);
      else {
        log(
          `context ${C}: absorbed ${r.absorbedMs.median.toFixed(1)} ms, naive ${r.naiveMs.median.toFixed(1)} ms, ` +
            `uncached ${r.uncachedMs.median.toFixed(1)} ms (${r.absorbedMs.n} pairs)`,
        );
        last = { context: C, sec: r.uncachedMs.median / 1000 };
      }
      contexts.push(r);
    }
    const maxAbsDiffVsCpu = await checkAgainstCpu(config, plan.seed);
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) throw new Error(`bench leaked ${leaked} tensors on ${backend}`);
    return {
      backend,
      host,
      prefill,
      decode,
      ...(unfusedDecode ? { unfusedDecode } : {}),
      ...(dispatches ? { dispatches } : {}),
      contexts,
      check: { maxAbsDiffVsCpu, gpuErrors: [...new Set(gpuErrors)] },
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    device?.removeEventListener('uncapturederror', onError);
  }
}
