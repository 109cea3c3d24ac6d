import { describe, expect, it } from 'vitest';
import { isMoeLayer, parseConfig } from '../../../src/model/config';
import { planDrops } from '../../../src/model/moe';
import { entropyBits } from '../../../src/model/routingStats';
import { TINY_TEST, TINYSEEK } from '../../../src/model/presets';
import {
  CAPACITY_FACTOR_RANGE,
  capacityDrops,
  hasRouting,
  layerBalance,
  routingOf,
} from '../../../src/viz/balance/balanceMath';
import * as ref from '../../reference/balanceReference';
import { routedRecord, STORY, SUM } from './vizFixtures';

/** 4 experts on 2 devices {0,1} {2,3}, K = 2, M = 1. */
const SMALL = parseConfig({
  ...TINY_TEST,
  n_routed_experts: 4,
  num_experts_per_tok: 2,
  topk_method: 'group_limited_greedy',
  n_group: 2,
  topk_group: 1,
  first_k_dense_replace: 1,
});

/** Both tokens pile onto device 0. */
const SKEWED = [routedRecord(0, [0.4, 0.3, 0.2, 0.1], [0, 1]), routedRecord(1, [0.5, 0.3, 0.1, 0.1], [0, 1])];
/** Every expert used once, mean probability uniform. */
const EVEN = [routedRecord(0, [0.4, 0.3, 0.2, 0.1], [0, 1]), routedRecord(1, [0.1, 0.2, 0.3, 0.4], [3, 2])];

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits = 12) => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((x, i) => expect(x).toBeCloseTo(b[i], digits));
};

describe('layerBalance on hand cases', () => {
  it('is 1 everywhere when routing is perfectly even', () => {
    const b = layerBalance(EVEN, 1, SMALL);
    expect(b.counts).toEqual([1, 1, 1, 1]);
    close(b.f, [1, 1, 1, 1]);
    close(b.P, [0.25, 0.25, 0.25, 0.25]);
    expect(b.loss.expert).toBeCloseTo(1, 12);
    expect(b.loss.device).toBeCloseTo(1, 12);
    expect(b.loss.comm).toBeCloseTo(1, 12);
    expect(b.maxOverMean).toBe(1);
    expect(b.deviceMaxOverMean).toBe(1);
    expect(b.loadEntropy).toBeCloseTo(2, 12);
    expect(b.maxEntropy).toBe(2);
  });

  it('computes the written-out skewed case', () => {
    const b = layerBalance(SKEWED, 1, SMALL);
    expect(b.tokens).toBe(2);
    close(b.f, [2, 2, 0, 0]); // 4/(2·2)·count
    close(b.P, [0.45, 0.3, 0.15, 0.1]);
    expect(b.loss.expert).toBeCloseTo(2 * 0.45 + 2 * 0.3, 12); // 1.5
    close(b.device.f, [2, 0]);
    close(b.device.P, [0.75, 0.25]);
    expect(b.device.load).toEqual([4, 0]);
    expect(b.device.sent).toEqual([2, 0]);
    close(b.device.fComm, [2, 0]); // 2/(1·2)·sent
    expect(b.loss.device).toBeCloseTo(1.5, 12);
    expect(b.loss.comm).toBeCloseTo(1.5, 12);
    expect(b.maxOverMean).toBe(2);
    expect(b.deviceMaxOverMean).toBe(2);
    expect(b.loadEntropy).toBeCloseTo(1, 12);
    expect(b.routerEntropy).toBeCloseTo(
      (entropyBits([0.4, 0.3, 0.2, 0.1]) + entropyBits([0.5, 0.3, 0.1, 0.1])) / 2,
      12,
    );
  });

  it('rejects dense layers and empty windows', () => {
    expect(hasRouting(SKEWED, 0)).toBe(false);
    expect(hasRouting(SKEWED, 1)).toBe(true);
    expect(hasRouting([], 1)).toBe(false);
    expect(() => routingOf(SKEWED, 0)).toThrow(/layer 0 has no routing/);
    expect(() => layerBalance([], 1, SMALL)).toThrow(/no tokens/);
  });

  it('entropy of a uniform distribution is log2 n bits', () => {
    expect(entropyBits([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(2, 12);
    expect(entropyBits([1, 0, 0])).toBe(0);
  });
});

describe('layerBalance matches the float64 reference on the recorded sessions', () => {
  for (const [name, session] of [
    ['story', STORY],
    ['sum', SUM],
  ] as const) {
    const c = session.config;
    const nr = c.n_routed_experts!;
    const moeLayers = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l));
    it(`${name}: layers ${moeLayers.join(', ')}, every window 0..selected`, () => {
      expect(moeLayers.length).toBeGreaterThan(0);
      for (const layer of moeLayers) {
        for (let selected = 0; selected < session.records.length; selected++) {
          const window = session.records.slice(0, selected + 1);
          const routing = routingOf(window, layer);
          const probs = routing.map((r) => r.probs);
          const chosen = routing.map((r) => r.experts);
          const b = layerBalance(window, layer, c);
          const e = ref.expertBalance(probs, chosen, nr, c.num_experts_per_tok);
          const d = ref.deviceBalance(probs, chosen, nr, c.num_experts_per_tok, c.n_group);
          const m = ref.commBalance(probs, chosen, nr, c.num_experts_per_tok, c.n_group, c.topk_group);
          close(b.f, e.f);
          close(b.P, e.P);
          close(b.device.f, d.f);
          close(b.device.P, d.P);
          close(b.device.fComm, m.f);
          expect(b.loss.expert).toBeCloseTo(e.loss, 12);
          expect(b.loss.device).toBeCloseTo(d.loss, 12);
          expect(b.loss.comm).toBeCloseTo(m.loss, 12);
          expect(b.maxOverMean).toBeCloseTo(Math.max(...e.f), 12);
          expect(b.counts.reduce((a, x) => a + x, 0)).toBe(c.num_experts_per_tok * (selected + 1));
        }
      }
    });
  }
});

describe('capacityDrops', () => {
  it('drops the lowest-affinity assignments on the device over budget', () => {
    const d = capacityDrops(SKEWED, 1, SMALL, 1);
    expect(d.fairLoad).toBe(2); // K·T/D = 2·2/2
    expect(d.capacity).toBe(2);
    expect(d.load).toEqual([4, 0]);
    expect(d.pairs.map((p) => [p.position, p.expert, p.affinity])).toEqual([
      [0, 1, 0.3],
      [1, 1, 0.3],
    ]);
    expect(d.count).toBe(2);
    expect(d.share).toBe(0.5);
    expect(d.perDevice).toEqual([2, 0]);
    expect(d.perExpert).toEqual([0, 2, 0, 0]);
    expect(d.pairs[0].text).toBe('t0');
  });

  it('drops more as the capacity shrinks, nothing when it covers the busiest device', () => {
    expect(capacityDrops(SKEWED, 1, SMALL, 0.5).pairs.map((p) => [p.position, p.expert])).toEqual([
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    expect(capacityDrops(SKEWED, 1, SMALL, 2).count).toBe(0);
    expect(capacityDrops(EVEN, 1, SMALL, 1).count).toBe(0);
  });

  it('rounds the budget up, ignoring float noise', () => {
    // 20 tokens × K 4 / D 4 = 20 per device; 1.15·20 is 23.000000000000004 in float64.
    const c = parseConfig({ ...SMALL, n_routed_experts: 16, num_experts_per_tok: 4, n_group: 4, topk_group: 2 });
    const records = Array.from({ length: 20 }, (_, t) => routedRecord(t, new Array(16).fill(1 / 16), [0, 1, 2, 3]));
    expect(capacityDrops(records, 1, c, 1.15).capacity).toBe(23);
    expect(capacityDrops(records, 1, c, 1.16).capacity).toBe(24); // 23.2 → 24
    expect(capacityDrops(records, 1, c, 1.15).count).toBe(80 - 23); // all on device 0
  });

  it('shows the capacity training uses at every slider value and window length of the shipped model', () => {
    // the view's slider emits Number(input.value): min + n·step as a decimal string
    const { min, max, step } = CAPACITY_FACTOR_RANGE;
    const factors = Array.from({ length: Math.round((max - min) / step) + 1 }, (_, n) =>
      Number((min + n * step).toFixed(10)),
    );
    expect(factors[0]).toBe(min);
    expect(factors.at(-1)).toBe(max);
    expect(factors).toContain(1.1);
    const c = TINYSEEK; // 16 experts, K = 4, D = 4; the window grows to the context length
    const [nr, k, d] = [c.n_routed_experts!, c.num_experts_per_tok, c.n_group];
    const records = Array.from({ length: c.max_position_embeddings }, (_, t) => {
      const experts = [0, 1, 2, 3].map((j) => (t * 5 + j * 7) % nr);
      return routedRecord(t, new Array<number>(nr).fill(1 / nr), [...new Set(experts)]);
    });
    const mask = new Float32Array(records.length * nr);
    records.forEach((r, t) => r.layers[1].routing!.experts.forEach((e) => (mask[t * nr + e] = 1)));
    const probs = new Float32Array(records.length * nr).fill(1 / nr);
    let checked = 0;
    for (let T = 1; T <= records.length; T++) {
      for (const factor of factors) {
        const view = capacityDrops(records.slice(0, T), 1, c, factor).capacity;
        // training: moe() calls planDrops with the batch's rows, the router's K and n_group
        const { report } = planDrops(mask.subarray(0, T * nr), probs.subarray(0, T * nr), T, nr, d, k, {
          capacityFactor: factor,
          protectedRows: new Array<boolean>(T).fill(false),
        });
        const exact = Math.ceil((Math.round(factor * 100) * k * T) / (100 * d)); // exact integers, one division
        if (view !== report.capacity || view !== exact) {
          throw new Error(`factor ${factor}, T ${T}: view ${view}, training ${report.capacity}, exact ${exact}`);
        }
        checked++;
      }
    }
    expect(checked).toBe(factors.length * c.max_position_embeddings);
    expect(capacityDrops(records.slice(0, 50), 1, c, 1.1).capacity).toBe(55); // the case that once read 55 vs 56
  });

  it("agrees with the model's planDrops on the recorded session", () => {
    const c = STORY.config;
    const nr = c.n_routed_experts!;
    for (const layer of [1, 2, 3]) {
      for (const selected of [3, 11, STORY.records.length - 1]) {
        const window = STORY.records.slice(0, selected + 1);
        const routing = routingOf(window, layer);
        const T = routing.length;
        const mask = new Float32Array(T * nr);
        const probs = new Float32Array(T * nr);
        routing.forEach((r, t) => {
          for (const e of r.experts) mask[t * nr + e] = 1;
          r.probs.forEach((p, e) => (probs[t * nr + e] = p));
        });
        for (const factor of [0.5, 0.75, 1, 1.25, 2]) {
          const ours = capacityDrops(window, layer, c, factor);
          const { report } = planDrops(mask, probs, T, nr, c.n_group, c.num_experts_per_tok, {
            capacityFactor: factor,
            protectedRows: new Array(T).fill(false),
          });
          expect(ours.capacity).toBe(report.capacity);
          expect(ours.load).toEqual(report.load);
          expect(ours.pairs.map((p) => [p.position, p.expert])).toEqual(report.pairs);
        }
      }
    }
  });

  it('never drops more when the factor grows', () => {
    const window = STORY.records;
    let last = Infinity;
    for (let f = 0.5; f <= 2.0001; f += 0.05) {
      const n = capacityDrops(window, 2, STORY.config, f).count;
      expect(n).toBeLessThanOrEqual(last);
      last = n;
    }
  });
});
