import { describe, expect, it } from 'vitest';
import { decimateMinMax, strideIndices } from '../../../src/viz/common/decimate';
import { argMax, maxOf, minOf } from '../../../src/viz/common/extent';

const curve = (n: number, f: (i: number) => number): [number, number][] =>
  Array.from({ length: n }, (_, i) => [i + 1, f(i)]);

describe('decimateMinMax', () => {
  it('returns a short curve as it is', () => {
    const c = curve(10, (i) => i);
    expect(decimateMinMax(c, 5)).toBe(c);
  });

  it('keeps each bucket’s min and max in order, the first and last points, and every spike', () => {
    const n = 100_000;
    const c = curve(n, (i) => Math.sin(i / 100));
    c[31_337][1] = 50; // a spike up
    c[77_777][1] = -50; // and one down
    const d = decimateMinMax(c, 200);
    expect(d.length).toBeLessThanOrEqual(2 * 200 + 2);
    expect(d[0]).toBe(c[0]);
    expect(d.at(-1)).toBe(c[n - 1]);
    expect(d).toContain(c[31_337]);
    expect(d).toContain(c[77_777]);
    for (let i = 1; i < d.length; i++) expect(d[i][0]).toBeGreaterThan(d[i - 1][0]); // x order kept
    // every bucket's extremes are there: the decimated extent equals the full one
    const ys = (p: [number, number][]) => p.map(([, y]) => y);
    expect(minOf(ys(d))).toBe(minOf(ys(c)));
    expect(maxOf(ys(d))).toBe(maxOf(ys(c)));
  });

  it('keeps a non-finite value so the line still breaks there', () => {
    const c = curve(1000, () => 1);
    c[500][1] = NaN;
    expect(decimateMinMax(c, 10).some(([, y]) => Number.isNaN(y))).toBe(true);
  });
});

describe('extent helpers', () => {
  it('find the extremes of 1,000,000 values without overflowing the stack', () => {
    const xs = Float64Array.from({ length: 1_000_000 }, (_, i) => (i === 654_321 ? 9 : i % 5));
    expect(maxOf(xs)).toBe(9);
    expect(minOf(xs)).toBe(0);
    expect(argMax(xs)).toBe(654_321);
    expect(maxOf([], 7)).toBe(7);
    expect(minOf([NaN, 3, 2])).toBe(2);
  });
});

describe('strideIndices', () => {
  it('keeps every row of a short table, and every k-th and the last of a long one', () => {
    expect(strideIndices(5, 10)).toEqual({ stride: 1, indices: [0, 1, 2, 3, 4] });
    const t = strideIndices(200_000, 2000);
    expect(t.stride).toBe(100);
    expect(t.indices.length).toBeLessThanOrEqual(2001);
    expect(t.indices.at(-1)).toBe(199_999);
  });
});
