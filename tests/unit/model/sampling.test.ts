import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/model/rng';
import { sampleToken, topKProbabilities, type SamplingOptions } from '../../../src/model/sampling';

const OFF: SamplingOptions = { temperature: 1, topK: 0, topP: 1 };

/** Logits whose softmax at temperature 1 is exactly `probs` (up to rounding). */
const logitsFor = (probs: number[]) => new Float32Array(probs.map((p) => (p > 0 ? Math.log(p) : -Infinity)));

function histogram(logits: Float32Array, opts: SamplingOptions, draws: number, seed = 1): number[] {
  const rng = new Rng(seed);
  const counts = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < draws; i++) counts[sampleToken(logits, opts, rng)]++;
  return counts;
}

/** Pearson chi-square of counts against expected probabilities (cells with p = 0 must be empty). */
function chiSquare(counts: number[], probs: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  let chi = 0;
  probs.forEach((p, i) => {
    if (p === 0) expect(counts[i]).toBe(0);
    else chi += (counts[i] - n * p) ** 2 / (n * p);
  });
  return chi;
}

describe('sampleToken', () => {
  it('is greedy at temperature 0, taking the lowest id on ties, whatever topK/topP say', () => {
    const rng = new Rng(0);
    const before = rng.getState();
    const logits = new Float32Array([0.1, 3, -1, 3, 2]);
    expect(sampleToken(logits, { temperature: 0, topK: 0, topP: 1 }, rng)).toBe(1);
    expect(sampleToken(logits, { temperature: 0, topK: 1, topP: 0.1 }, rng)).toBe(1);
    expect(sampleToken(new Float32Array([-Infinity, -5]), { ...OFF, temperature: 0 }, rng)).toBe(1);
    expect(rng.getState()).toEqual(before); // greedy draws nothing
  });

  it('draws from softmax(logits) at temperature 1 (chi-square, 4 dof)', () => {
    const probs = [0.1, 0.2, 0.3, 0.25, 0.15];
    const chi = chiSquare(histogram(logitsFor(probs), OFF, 40_000), probs);
    expect(chi).toBeLessThan(18.5); // p = 0.001
  });

  it('draws from softmax(logits / T) at other temperatures', () => {
    const logits = new Float32Array([0, 1, 2, 0.5]);
    for (const t of [0.5, 2]) {
      const e = Array.from(logits, (x) => Math.exp(x / t));
      const z = e.reduce((a, b) => a + b, 0);
      const chi = chiSquare(
        histogram(logits, { ...OFF, temperature: t }, 40_000, 7),
        e.map((x) => x / z),
      );
      expect(chi).toBeLessThan(16.3); // 3 dof, p = 0.001
    }
  });

  it('topK keeps only the k most likely tokens, renormalised', () => {
    const probs = [0.1, 0.4, 0.05, 0.3, 0.15];
    const counts = histogram(logitsFor(probs), { ...OFF, topK: 2 }, 20_000);
    expect(chiSquare(counts, [0, 4 / 7, 0, 3 / 7, 0])).toBeLessThan(10.8); // 1 dof
  });

  it('topK breaks ties at the cut toward lower ids', () => {
    const counts = histogram(new Float32Array([1, 0, 1, 1]), { ...OFF, topK: 2 }, 2000);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[2]).toBeGreaterThan(0);
    expect(counts[1] + counts[3]).toBe(0);
  });

  it('topP keeps the smallest most-likely set reaching p, renormalised', () => {
    const probs = [0.05, 0.5, 0.15, 0.3];
    // 0.5 < 0.75 ≤ 0.5 + 0.3: tokens 1 and 3
    expect(chiSquare(histogram(logitsFor(probs), { ...OFF, topP: 0.75 }, 20_000), [0, 5 / 8, 0, 3 / 8])).toBeLessThan(
      10.8,
    );
    // below the top token's mass: only the top token
    const only = histogram(logitsFor(probs), { ...OFF, topP: 0.4 }, 500);
    expect(only).toEqual([0, 500, 0, 0]);
    // 0.9 needs 0.5 + 0.3 + 0.15
    const three = histogram(logitsFor(probs), { ...OFF, topP: 0.9 }, 20_000);
    expect(three[0]).toBe(0);
    expect(chiSquare(three, [0, 0.5 / 0.95, 0.15 / 0.95, 0.3 / 0.95])).toBeLessThan(13.8); // 2 dof
  });

  it('applies topP after the temperature and topK', () => {
    const logits = logitsFor([0.4, 0.3, 0.2, 0.1]);
    // top-3 renormalised: 4/9, 3/9, 2/9; p = 0.7 needs 4/9 + 3/9 = 0.78
    const counts = histogram(logits, { temperature: 1, topK: 3, topP: 0.7 }, 20_000);
    expect(chiSquare(counts, [4 / 7, 3 / 7, 0, 0])).toBeLessThan(10.8);
  });

  it('never draws a -Infinity (masked) token and survives a tiny temperature', () => {
    const logits = new Float32Array([-Infinity, 0, -Infinity, 0.001]);
    const counts = histogram(logits, OFF, 5000);
    expect(counts[0] + counts[2]).toBe(0);
    expect(histogram(logits, { ...OFF, temperature: 1e-6 }, 200)).toEqual([0, 0, 0, 200]);
    expect(histogram(new Float32Array([5, 5, -3]), { ...OFF, temperature: 1e-30 }, 2000)[2]).toBe(0);
  });

  it('is deterministic in the Rng state and uses exactly one draw per token', () => {
    const logits = new Float32Array([0.3, -0.2, 1.1, 0.7, 0.0, -1.5]);
    const a = new Rng(5);
    const b = new Rng(5);
    const opts = { temperature: 0.8, topK: 4, topP: 0.95 };
    const seqA = Array.from({ length: 50 }, () => sampleToken(logits, opts, a));
    const seqB = Array.from({ length: 50 }, () => sampleToken(logits, opts, b));
    expect(seqB).toEqual(seqA);
    expect(new Set(seqA).size).toBeGreaterThan(1);
    const c = new Rng(9);
    const d = new Rng(9);
    sampleToken(logits, opts, c);
    d.next();
    expect(c.getState()).toEqual(d.getState());
  });

  it('rejects bad options and bad logits with a RangeError naming the problem', () => {
    const rng = new Rng(1);
    const l = new Float32Array([0, 1]);
    expect(() => sampleToken(l, { ...OFF, temperature: -0.1 }, rng)).toThrow(/temperature must be/);
    expect(() => sampleToken(l, { ...OFF, temperature: NaN }, rng)).toThrow(RangeError);
    expect(() => sampleToken(l, { ...OFF, temperature: Infinity }, rng)).toThrow(RangeError);
    expect(() => sampleToken(l, { ...OFF, topP: 0 }, rng)).toThrow(/topP must be in \(0, 1\]/);
    expect(() => sampleToken(l, { ...OFF, topP: 1.01 }, rng)).toThrow(RangeError);
    expect(() => sampleToken(l, { ...OFF, topP: NaN }, rng)).toThrow(RangeError);
    expect(() => sampleToken(l, { ...OFF, topK: 1.5 }, rng)).toThrow(/topK must be a non-negative integer/);
    expect(() => sampleToken(l, { ...OFF, topK: -1 }, rng)).toThrow(RangeError);
    expect(() => sampleToken(new Float32Array(0), OFF, rng)).toThrow(/empty/);
    expect(() => sampleToken(new Float32Array([0, NaN]), OFF, rng)).toThrow(/logit 1 is NaN/);
    expect(() => sampleToken(new Float32Array([Infinity, 0]), OFF, rng)).toThrow(/logit 0 is Infinity/);
    expect(() => sampleToken(new Float32Array([-Infinity, -Infinity]), OFF, rng)).toThrow(/every logit is -Infinity/);
  });
});

describe('topKProbabilities', () => {
  it('returns the k most likely tokens with their temperature-1 probabilities, most likely first', () => {
    const logits = new Float32Array([0.5, 2, -1, 2, 1, 0]);
    const e = Array.from(logits, (x) => Math.exp(x));
    const z = e.reduce((a, b) => a + b, 0);
    const top = topKProbabilities(logits, 3);
    expect(top.map((t) => t.id)).toEqual([1, 3, 4]); // 1 and 3 tie: lower id first
    top.forEach((t) => expect(t.p).toBeCloseTo(e[t.id] / z, 12));
  });

  it('covers the whole vocabulary when k exceeds it, summing to 1, and handles k = 0', () => {
    const logits = new Float32Array([3, -Infinity, 1, 2]);
    const all = topKProbabilities(logits, 10);
    expect(all.map((t) => t.id)).toEqual([0, 3, 2, 1]);
    expect(all[3].p).toBe(0);
    expect(all.reduce((s, t) => s + t.p, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < all.length; i++) expect(all[i].p).toBeLessThanOrEqual(all[i - 1].p);
    expect(topKProbabilities(logits, 0)).toEqual([]);
    expect(() => topKProbabilities(logits, -1)).toThrow(RangeError);
    expect(() => topKProbabilities(new Float32Array([NaN]), 1)).toThrow(RangeError);
  });

  it('stays finite for large logits (softmax is shifted by the max)', () => {
    const top = topKProbabilities(new Float32Array([1000, 999, -1000]), 2);
    expect(top[0].p).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(top[1].p).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), 12);
  });
});
