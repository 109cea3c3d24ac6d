import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { TINY_SPEC, TINY_TEST } from '../../../src/model/presets';
import { disposeRouterOutput, route } from '../../../src/model/router';
import {
  balanceLosses,
  commBalance,
  deviceBalance,
  expertBalance,
  totalAux,
  type BalanceLayout,
} from '../../../src/train/balanceLosses';
import { countRouting, routingStats, type RoutingShape } from '../../../src/model/routingStats';
import * as ref from '../../reference/balanceReference';

/** 4 experts in 2 devices {0,1} {2,3}, K = 2, M = 1. */
const SMALL = parseConfig({
  ...TINY_TEST,
  n_routed_experts: 4,
  num_experts_per_tok: 2,
  n_group: 2,
  topk_group: 1,
  aux_loss_alpha: 0.003,
  device_balance_alpha: 0.05,
  comm_balance_alpha: 0.02,
});

async function losses(probs: number[][], mask: number[][], c = SMALL, l: BalanceLayout) {
  const [p, m] = [tf.tensor2d(probs), tf.tensor2d(mask)];
  const out = balanceLosses(p, m, c, l);
  const values = { expert: await out.expert.data(), device: await out.device.data(), comm: await out.comm.data() };
  tf.dispose([p, m, out.expert, out.device, out.comm]);
  return { expert: values.expert[0], device: values.device[0], comm: values.comm[0] };
}

describe('balance losses on written-out examples', () => {
  beforeAll(() => tf.setBackend('cpu'));
  // token 0 picks {0, 1} (device 0 only); token 1 picks {1, 2} (both devices).
  const probs = [
    [0.4, 0.3, 0.2, 0.1],
    [0.1, 0.5, 0.3, 0.1],
  ];
  const mask = [
    [1, 1, 0, 0],
    [0, 1, 1, 0],
  ];
  const layout = { B: 1, T: 2, seqAux: true };

  it('match hand-computed values', async () => {
    // count [1,2,1,0] → f = 4/(2·2)·count = [1,2,1,0]; P = [.25,.4,.25,.1] → Σ f·P = 1.3
    // f' = [1.5, 0.5], P' = [.65, .35] → 1.15;  sent [2, 1] → f'' = 2/(1·2)·sent = [2, 1] → 1.65
    const got = await losses(probs, mask, SMALL, layout);
    expect(got.expert).toBeCloseTo(1.3, 6);
    expect(got.device).toBeCloseTo(1.15, 6);
    expect(got.comm).toBeCloseTo(1.65, 6);
  });

  it('single-loss functions and the host routingStats agree with them', async () => {
    const [p, m] = [tf.tensor2d(probs), tf.tensor2d(mask)];
    const singles = [expertBalance, deviceBalance, commBalance].map((fn) => fn(p, m, SMALL, layout));
    expect(singles.map((s) => s.dataSync()[0]).map((v) => +v.toFixed(6))).toEqual([1.3, 1.15, 1.65]);
    const shape: RoutingShape = { nRouted: 4, k: 2, nGroup: 2, topkGroup: 1 };
    const host = routingStats(
      countRouting(
        probs.map((row, t) => ({ probs: row, experts: mask[t].flatMap((v, e) => (v ? [e] : [])) })),
        shape,
      ),
      shape,
    );
    const round = (a: number[]) => a.map((v) => +v.toFixed(9));
    expect(round(host.f)).toEqual([1, 2, 1, 0]);
    expect(round(host.P)).toEqual([0.25, 0.4, 0.25, 0.1]);
    expect(round(host.device.f)).toEqual([1.5, 0.5]);
    expect(round(host.device.P)).toEqual([0.65, 0.35]);
    expect(round(host.device.fComm)).toEqual([2, 1]);
    expect(round([host.loss.expert, host.loss.device, host.loss.comm])).toEqual([1.3, 1.15, 1.65]);
    const total = totalAux(SMALL, balanceLosses(p, m, SMALL, layout));
    expect(total.dataSync()[0]).toBeCloseTo(0.003 * 1.3 + 0.05 * 1.15 + 0.02 * 1.65, 7);
    tf.dispose([p, m, ...singles, total]);
  });

  it('seq_aux and whole-batch differ when each sequence is lopsided but the batch is balanced', async () => {
    // sequence 0 sends both tokens to device 0, sequence 1 to device 1.
    const p = [
      [0.4, 0.4, 0.1, 0.1],
      [0.4, 0.4, 0.1, 0.1],
      [0.1, 0.1, 0.4, 0.4],
      [0.1, 0.1, 0.4, 0.4],
    ];
    const m = [
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ];
    const seq = await losses(p, m, SMALL, { B: 2, T: 2, seqAux: true });
    const batch = await losses(p, m, SMALL, { B: 2, T: 2, seqAux: false });
    // per sequence: f = [2,2,0,0], P = [.4,.4,.1,.1] → 1.6; f' = [2,0], P' = [.8,.2] → 1.6; f'' = [2,0] → 1.6
    for (const v of Object.values(seq)) expect(v).toBeCloseTo(1.6, 6);
    // whole batch: every expert used twice in 4 tokens, P uniform → exactly balanced
    for (const v of Object.values(batch)) expect(v).toBeCloseTo(1, 6);
  });
});

describe('uniform routing gives exactly 1 for all three losses', () => {
  beforeAll(() => tf.setBackend('cpu'));
  it('4 experts, 2 devices, K = 2, M = 1', async () => {
    const mask = [0, 1, 2, 3].map((t) => (t % 2 ? [0, 0, 1, 1] : [1, 1, 0, 0]));
    const probs = mask.map(() => [0.25, 0.25, 0.25, 0.25]);
    for (const seqAux of [true, false]) {
      expect(await losses(probs, mask, SMALL, { B: 2, T: 2, seqAux })).toEqual({ expert: 1, device: 1, comm: 1 });
    }
  });
  it('TINY_SPEC: 16 experts, 4 devices, K = 4, M = 2', async () => {
    // token t uses devices t mod 4 and t+1 mod 4, and within each the pair {0,1} or {2,3} by ⌊t/4⌋
    const mask = Array.from({ length: 8 }, (_, t) => {
      const row = new Array<number>(16).fill(0);
      for (const g of [t % 4, (t + 1) % 4]) for (const j of [0, 1]) row[g * 4 + 2 * (Math.floor(t / 4) % 2) + j] = 1;
      return row;
    });
    const probs = mask.map(() => new Array<number>(16).fill(1 / 16));
    for (const [B, T] of [
      [1, 8],
      [2, 4],
    ]) {
      const got = await losses(probs, mask, TINY_SPEC, { B, T, seqAux: B === 1 });
      expect(got).toEqual({ expert: 1, device: 1, comm: 1 });
    }
  });
});

describe('balance losses equal the shared float64 reference on real routing', () => {
  beforeAll(() => tf.setBackend('cpu'));
  for (const seqAux of [false, true]) {
    it(`TINY_SPEC, seqAux ${seqAux}`, async () => {
      const c = TINY_SPEC;
      const [B, T, nr] = [3, 20, c.n_routed_experts!];
      const x = tf.randomNormal([B * T, c.hidden_size], 0, 1, 'float32', 1) as tf.Tensor2D;
      const w = tf.randomNormal([c.hidden_size, nr], 0, 0.3, 'float32', 2) as tf.Tensor2D;
      const r = route(w, x, c);
      const got = await losses((await r.probs.array()) as number[][], (await r.mask.array()) as number[][], c, {
        B,
        T,
        seqAux,
      });
      const probs = (await r.probs.array()) as number[][];
      const chosen = ((await r.mask.array()) as number[][]).map((row) => row.flatMap((v, e) => (v ? [e] : [])));
      disposeRouterOutput(r);
      tf.dispose([x, w]);
      const K = c.num_experts_per_tok;
      const segs = seqAux ? Array.from({ length: B }, (_, b) => [b * T, (b + 1) * T]) : [[0, B * T]];
      const mean = (f: (p: number[][], ch: number[][]) => number) =>
        segs.reduce((a, [s, e]) => a + f(probs.slice(s, e), chosen.slice(s, e)), 0) / segs.length;
      expect(got.expert).toBeCloseTo(
        mean((p, ch) => ref.expertBalance(p, ch, nr, K).loss),
        5,
      );
      expect(got.device).toBeCloseTo(
        mean((p, ch) => ref.deviceBalance(p, ch, nr, K, c.n_group).loss),
        5,
      );
      expect(got.comm).toBeCloseTo(
        mean((p, ch) => ref.commBalance(p, ch, nr, K, c.n_group, c.topk_group).loss),
        5,
      );
      // the host routingStats the views and the lab use, per segment, averaged like the tensors
      const shape: RoutingShape = { nRouted: nr, k: K, nGroup: c.n_group, topkGroup: c.topk_group };
      const host = segs.map(([s, e]) => {
        const tokens = probs.slice(s, e).map((row, t) => ({ probs: row, experts: chosen[s + t] }));
        return routingStats(countRouting(tokens, shape), shape).loss;
      });
      for (const key of ['expert', 'device', 'comm'] as const) {
        expect(got[key]).toBeCloseTo(host.reduce((a, l) => a + l[key], 0) / host.length, 5);
      }
      if (seqAux) {
        const perSeq = segs.map(([s, e]) => probs.slice(s, e));
        const chosenSeq = segs.map(([s, e]) => chosen.slice(s, e));
        expect(got.expert).toBeCloseTo(ref.seqAuxExpertBalance(perSeq, chosenSeq, nr, K).loss, 5);
      }
    });
  }
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gradient of the aux loss on ${backend}`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
    });
    afterAll(() => tf.setBackend('cpu'));
    it('flows into the probs as f_i/T; no tensors leak', async () => {
      const probs = tf.tensor2d([
        [0.4, 0.3, 0.2, 0.1],
        [0.1, 0.5, 0.3, 0.1],
      ]);
      const mask = tf.tensor2d([
        [1, 1, 0, 0],
        [0, 1, 1, 0],
      ]);
      const before = tf.memory().numTensors;
      const dp = tf.grad((p: tf.Tensor) => expertBalance(p as tf.Tensor2D, mask, SMALL, { B: 1, T: 2, seqAux: true }))(
        probs,
      );
      const rowGrad = [0.5, 1, 0.5, 0]; // f / T: the counts act as constants
      expect(Array.from(await dp.data())).toEqual([...rowGrad, ...rowGrad]);
      dp.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([probs, mask]);
    });
  });
}

describe('layout checks', () => {
  beforeAll(() => tf.setBackend('cpu'));
  it('rejects rows that are not B·T', () => {
    const p = tf.ones([3, 4]) as tf.Tensor2D;
    expect(() => balanceLosses(p, p, SMALL, { B: 2, T: 2, seqAux: true })).toThrow(/3 rows for B·T/);
    p.dispose();
  });
});
