import { describe, expect, it } from 'vitest';
import { Rng, type RngState } from '../../../src/model/rng';

describe('Rng', () => {
  it('matches an independent (Python) sfc32 + splitmix32 reference for seed 42', () => {
    const r = new Rng(42);
    expect([0, 1, 2, 3, 4].map(() => r.nextUint32())).toEqual([
      1028872839, 2516511472, 400437680, 853279530, 1920286840,
    ]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xa = Array.from({ length: 100 }, () => a.next());
    const xb = Array.from({ length: 100 }, () => b.next());
    const xc = Array.from({ length: 100 }, () => c.next());
    expect(xb).toEqual(xa);
    expect(xc).not.toEqual(xa);
  });

  it('takes the seed modulo 2^32', () => {
    expect(new Rng(-1).next()).toBe(new Rng(4294967295).next());
    expect(new Rng(2 ** 32 + 5).next()).toBe(new Rng(5).next());
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
  });

  it('next() stays in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12', () => {
    const r = new Rng(1);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      sum += x;
      sq += x * x;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('normal() has mean ≈ 0, variance ≈ 1 and light tails', () => {
    const r = new Rng(2);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let beyond3 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
      if (Math.abs(z) > 3) beyond3++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(sq / n).toBeGreaterThan(0.98);
    expect(sq / n).toBeLessThan(1.02);
    // P(|z| > 3) = 0.0027 → 270 expected; 5 standard deviations either side.
    expect(beyond3).toBeGreaterThan(190);
    expect(beyond3).toBeLessThan(350);
  });

  it('int(n) covers [0, n) uniformly (chi-square) and rejects bad n', () => {
    const r = new Rng(3);
    const n = 10;
    const draws = 50_000;
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) {
      counts[r.int(n)]++;
    }
    // Any draw outside [0, n) would have made a NaN or extra slot: the counts must sum exactly.
    expect(counts).toHaveLength(n);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(draws);
    const e = draws / n;
    const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(27.9); // 9 degrees of freedom, p = 0.001
    expect(r.int(1)).toBe(0);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(2.5)).toThrow(RangeError);
    expect(() => r.int(2 ** 32 + 1)).toThrow(RangeError);
  });

  it('fromState(getState()) continues identically, through JSON, including a cached spare normal', () => {
    const r = new Rng(123);
    for (let i = 0; i < 17; i++) r.next();
    r.normal(); // leaves a spare waiting
    const saved = JSON.parse(JSON.stringify(r.getState())) as RngState;
    expect(saved.spare).not.toBeNull();
    const resumed = Rng.fromState(saved);
    const seqA = [r.normal(), r.normal(), r.next(), r.int(1000), r.normal()];
    const seqB = [resumed.normal(), resumed.normal(), resumed.next(), resumed.int(1000), resumed.normal()];
    expect(seqB).toEqual(seqA);
  });

  it('getState() is a copy: drawing afterwards does not change a saved state', () => {
    const r = new Rng(5);
    const s = r.getState();
    const copy = { ...s };
    r.next();
    expect(s).toEqual(copy);
    expect(r.getState()).not.toEqual(s);
  });

  it('fromState rejects malformed states', () => {
    const good = new Rng(9).getState();
    expect(() => Rng.fromState({ ...good, a: -1 })).toThrow(/a must be a uint32/);
    expect(() => Rng.fromState({ ...good, d: 2 ** 32 })).toThrow(/d must be a uint32/);
    expect(() => Rng.fromState({ ...good, spare: Number.NaN })).toThrow(/spare/);
    expect(() => Rng.fromState(null as unknown as RngState)).toThrow(TypeError);
  });
});
