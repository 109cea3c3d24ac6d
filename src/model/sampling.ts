/**
 * Next-token sampling from a vector of logits, in plain float64 JS (the vocabulary is small and
 * the logits are already on the host): temperature, top-k, nucleus (top-p), and the top-k
 * probabilities the token bar chart shows. Deterministic given the Rng state.
 */
import type { Rng } from './rng';

export interface SamplingOptions {
  /** divides the logits; 0 means greedy argmax (lowest id on ties). */
  temperature: number;
  /** keep only the k most likely tokens; 0 = off. */
  topK: number;
  /** keep the smallest set of most likely tokens whose probability reaches p; 1 = off. */
  topP: number;
}

/** One bar of the top-k chart: token id and its probability at temperature 1. */
export interface TokenProbability {
  id: number;
  p: number;
}

/** Throws a RangeError naming the option that is out of range. */
export function validateSamplingOptions(opts: SamplingOptions): void {
  const { temperature, topK, topP } = opts;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0) {
    throw new RangeError(`temperature must be a finite number ≥ 0, got ${temperature}`);
  }
  if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 0) {
    throw new RangeError(`topK must be a non-negative integer (0 = off), got ${topK}`);
  }
  if (typeof topP !== 'number' || !(topP > 0 && topP <= 1)) {
    throw new RangeError(`topP must be in (0, 1] (1 = off), got ${topP}`);
  }
}

/** Rejects empty logits and NaN / +Infinity entries; -Infinity is a legal mask. */
function checkLogits(logits: Float32Array): void {
  if (logits.length === 0) throw new RangeError('logits are empty');
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i];
    if (Number.isNaN(x) || x === Infinity) throw new RangeError(`logit ${i} is ${x}`);
  }
}

/** Index of the largest logit; the lowest index wins ties. */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
}

/** Token ids ordered by logit, highest first; ties keep the lower id first. */
function rankedIds(logits: Float32Array): number[] {
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  return ids.sort((a, b) => logits[b] - logits[a] || a - b);
}

/** Softmax of logits/temperature over `ids` (float64), in the order given. */
function softmaxOver(logits: Float32Array, ids: number[], temperature: number): number[] {
  let max = -Infinity;
  for (const i of ids) max = Math.max(max, logits[i]);
  if (max === -Infinity) throw new RangeError('every logit is -Infinity');
  // subtracting the max first keeps a tiny temperature from overflowing
  const e = ids.map((i) => Math.exp((logits[i] - max) / temperature));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/**
 * Draws the next token. Temperature 0 is greedy. Otherwise: keep the topK highest logits (ties
 * broken toward lower ids), softmax at the temperature, keep the smallest prefix whose mass reaches
 * topP (at least one token), renormalise and draw with one rng.next().
 */
export function sampleToken(logits: Float32Array, opts: SamplingOptions, rng: Rng): number {
  validateSamplingOptions(opts);
  checkLogits(logits);
  if (opts.temperature === 0) return argmax(logits);

  const filtered = opts.topK > 0 || opts.topP < 1;
  let ids = filtered ? rankedIds(logits) : Array.from({ length: logits.length }, (_, i) => i);
  if (opts.topK > 0) ids = ids.slice(0, opts.topK);
  let probs = softmaxOver(logits, ids, opts.temperature);

  if (opts.topP < 1) {
    let mass = 0;
    let keep = 0;
    while (keep < probs.length && mass < opts.topP) mass += probs[keep++];
    ids = ids.slice(0, keep);
    probs = probs.slice(0, keep).map((p) => p / mass);
  }

  const u = rng.next();
  let acc = 0;
  let last = ids[0];
  for (let k = 0; k < ids.length; k++) {
    if (probs[k] === 0) continue; // masked (-Infinity) or underflowed: never drawn
    last = ids[k];
    acc += probs[k];
    if (u < acc) return ids[k];
  }
  return last; // u landed in the rounding gap at the top of the cumulative sum
}

/** The k most likely tokens at temperature 1, most likely first (lower id first on ties). */
export function topKProbabilities(logits: Float32Array, k: number): TokenProbability[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  checkLogits(logits);
  const all = Array.from({ length: logits.length }, (_, i) => i);
  const probs = softmaxOver(logits, all, 1);
  return rankedIds(logits)
    .slice(0, k)
    .map((id) => ({ id, p: probs[id] }));
}
