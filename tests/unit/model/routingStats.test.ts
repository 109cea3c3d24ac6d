import { describe, expect, it } from 'vitest';
import {
  countRouting,
  deviceCapacity,
  entropyBits,
  loadEntropy,
  maxOverMean,
  routingStats,
  topShare,
  type RoutingShape,
} from '../../../src/model/routingStats';
import * as ref from '../../reference/balanceReference';

/** ⌈(n/den)·K·T/D⌉ in exact integer arithmetic, for a factor n/den. */
const exactCapacity = (n: number, den: number, k: number, t: number, d: number) => {
  const num = n * k * t;
  const q = den * d;
  return Math.floor((num + q - 1) / q);
};

describe('deviceCapacity', () => {
  it('is ⌈cf·K·T/D⌉ of the exact product, never one more from float noise', () => {
    expect(deviceCapacity(1.1, 4, 50, 4)).toBe(55); // 1.1·4·50/4 = 55.00000000000001 in float64
    expect(Math.ceil((1.1 * 4 * 50) / 4)).toBe(56); // what the formula gave before
    expect(deviceCapacity(1.15, 4, 20, 4)).toBe(23);
    expect(deviceCapacity(1.16, 4, 20, 4)).toBe(24); // 23.2: a true fraction still rounds up
    expect(deviceCapacity(1, 3, 5, 2)).toBe(8); // 7.5 → 8
  });

  it('matches exact integer arithmetic for every factor 0.01 … 3 in steps of 0.01, K ≤ 8, D ≤ 8, T ≤ 300', () => {
    let checked = 0;
    for (let n = 1; n <= 300; n++) {
      const factor = Number((n / 100).toFixed(2)); // the number a slider or a settings field yields
      for (const k of [1, 2, 3, 4, 6, 8]) {
        for (const d of [1, 2, 3, 4, 8]) {
          for (let t = 1; t <= 300; t += 7) {
            const want = exactCapacity(n, 100, k, t, d);
            if (deviceCapacity(factor, k, t, d) !== want) {
              throw new Error(
                `deviceCapacity(${factor}, ${k}, ${t}, ${d}) = ${deviceCapacity(factor, k, t, d)}, want ${want}`,
              );
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(300 * 6 * 5 * 43);
  });
});

describe('routingStats', () => {
  const shape: RoutingShape = { nRouted: 8, k: 2, nGroup: 4, topkGroup: 2 };
  /** A seeded routing over 37 tokens: softmax affinities and two experts each, at most two devices. */
  const tokens = Array.from({ length: 37 }, (_, t) => {
    const logits = Array.from({ length: 8 }, (_, e) => Math.sin(t * 1.7 + e * 2.3) * 2);
    const z = logits.map(Math.exp);
    const probs = z.map((x) => x / z.reduce((a, b) => a + b, 0));
    const order = probs.map((_, e) => e).sort((a, b) => probs[b] - probs[a] || a - b);
    return { probs, experts: order.slice(0, 2) };
  });

  it('equals the float64 reference of eqs. 23–31', () => {
    const s = routingStats(countRouting(tokens, shape), shape);
    const probs = tokens.map((x) => x.probs);
    const chosen = tokens.map((x) => [...x.experts]);
    const e = ref.expertBalance(probs, chosen, 8, 2);
    const d = ref.deviceBalance(probs, chosen, 8, 2, 4);
    const m = ref.commBalance(probs, chosen, 8, 2, 4, 2);
    s.f.forEach((x, i) => expect(x).toBeCloseTo(e.f[i], 12));
    s.P.forEach((x, i) => expect(x).toBeCloseTo(e.P[i], 12));
    s.device.f.forEach((x, i) => expect(x).toBeCloseTo(d.f[i], 12));
    s.device.P.forEach((x, i) => expect(x).toBeCloseTo(d.P[i], 12));
    s.device.fComm.forEach((x, i) => expect(x).toBeCloseTo(m.f[i], 12));
    expect(s.loss.expert).toBeCloseTo(e.loss, 12);
    expect(s.loss.device).toBeCloseTo(d.loss, 12);
    expect(s.loss.comm).toBeCloseTo(m.loss, 12);
    expect(s.device.load.reduce((a, b) => a + b, 0)).toBe(2 * 37);
    expect(s.maxOverMean).toBeCloseTo(Math.max(...e.f), 12);
  });

  it('counts add up over windows, so a batch is the sum of its sequences', () => {
    const a = countRouting(tokens.slice(0, 20), shape);
    const b = countRouting(tokens.slice(20), shape);
    const all = countRouting(tokens, shape);
    expect(all.tokens).toBe(a.tokens + b.tokens);
    all.counts.forEach((n, i) => expect(n).toBe(a.counts[i] + b.counts[i]));
    all.sent.forEach((n, i) => expect(n).toBe(a.sent[i] + b.sent[i]));
    all.probSums.forEach((p, i) => expect(p).toBeCloseTo(a.probSums[i] + b.probSums[i], 12));
  });

  it('refuses an empty window', () => {
    expect(() => routingStats(countRouting([], shape), shape)).toThrow(/no tokens/);
  });
});

describe('load summaries', () => {
  it('max/mean, entropy and top share on even, collapsed and zero loads', () => {
    expect(maxOverMean([1, 1, 1, 1])).toBe(1);
    expect(maxOverMean([4, 4, 0, 0, 0, 0, 0, 0])).toBe(4); // N_r/K when collapsed onto K = 2
    expect(maxOverMean([0, 0])).toBe(0);
    expect(loadEntropy([3, 3, 3, 3])).toBeCloseTo(2, 12);
    expect(loadEntropy([5, 5, 0, 0])).toBeCloseTo(1, 12);
    expect(loadEntropy([0, 0])).toBe(0);
    expect(topShare([1, 3, 2, 2], 2)).toBeCloseTo(5 / 8, 12);
    expect(topShare([0, 0], 1)).toBe(0);
    expect(entropyBits([0.5, 0.5, 0])).toBeCloseTo(1, 12);
  });
});
