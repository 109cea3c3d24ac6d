import * as tf from '@tensorflow/tfjs-core'; // the Node bundle before its gradients, or they register in another engine
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { namedParams } from '../../../../src/model/params';
import { selectNodeBackend } from '../../../../src/runtime/nodeBackend';
import {
  LAB_DEFAULTS,
  LabSettingsError,
  parseLabSettings,
  type LabSettings,
} from '../../../../src/train/lab/labSettings';
import { BalanceLabTrainer, LabDivergedError } from '../../../../src/train/lab/labTrainer';
import { labTokens } from './labFixtures';

/** Small and fast: 2 sequences of 8 tokens per step. */
const FAST: LabSettings = { ...LAB_DEFAULTS, batchSize: 2, seqLen: 8 };

async function bits(t: BalanceLabTrainer): Promise<Map<string, Uint32Array>> {
  const out = new Map<string, Uint32Array>();
  for (const [name, p] of namedParams(t.params))
    out.set(name, new Uint32Array(Float32Array.from(await p.data()).buffer));
  return out;
}

describe('BalanceLabTrainer', () => {
  beforeAll(async () => {
    await selectNodeBackend();
  });

  it('reports the LM loss, each balance loss, f, P, load, entropy, groups and speed per step', async () => {
    const t = BalanceLabTrainer.create({ ...FAST, alphaDevice: 0.05, alphaComm: 0.02, dropping: true }, labTokens());
    try {
      const e = await t.step();
      expect(e.step).toBe(1);
      expect(e.lmLoss).toBeGreaterThan(6); // ≈ ln 1536 at init
      expect(e.layers.map((l) => l.layer)).toEqual([0, 1]);
      for (const l of e.layers) {
        expect(l.f).toHaveLength(8);
        expect(l.f.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 4); // mean f = 1
        expect(l.P.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        expect(l.expert).toBeGreaterThan(0.5);
        expect(l.maxLoad).toBeGreaterThanOrEqual(1);
        expect(l.entropy).toBeLessThanOrEqual(3 + 1e-6); // log2 8
        expect(l.groupsMax).toBeLessThanOrEqual(2);
        expect(l.groupsMean).toBeGreaterThanOrEqual(1);
      }
      const alphaWeighted = e.layers.reduce((a, l) => a + 0.02 * l.expert + 0.05 * l.device + 0.02 * l.comm, 0);
      expect(e.auxTotal).toBeCloseTo(alphaWeighted, 5);
      expect(e.loss).toBeCloseTo(e.lmLoss + e.auxTotal, 4);
      expect(e.dropShare).toBeGreaterThanOrEqual(0);
      expect(e.dropShare).toBeLessThan(1);
      expect(e.tokens).toBe(16);
      expect(e.tokensPerSec).toBeGreaterThan(0);
    } finally {
      t.dispose();
    }
  });

  it('token dropping off drops nothing; capacity factor 0.5 drops pairs', async () => {
    for (const [dropping, capacityFactor] of [
      [false, 1],
      [true, 0.5],
    ] as const) {
      const t = BalanceLabTrainer.create({ ...FAST, dropping, capacityFactor }, labTokens());
      const e = await t.step();
      t.dispose();
      if (dropping) expect(e.dropShare).toBeGreaterThan(0.2);
      else expect(e.dropShare).toBe(0);
    }
  });

  it('groups reached never exceed topk_group, and the communication loss follows the group settings', async () => {
    const comm: Record<string, number> = {};
    for (const [nGroup, topkGroup] of [
      [4, 1],
      [4, 2],
      [2, 1],
      [8, 2],
    ] as const) {
      const t = BalanceLabTrainer.create({ ...FAST, nGroup, topkGroup }, labTokens());
      for (let i = 0; i < 3; i++) {
        const e = await t.step();
        for (const l of e.layers) expect(l.groupsMax).toBeLessThanOrEqual(topkGroup);
        comm[`${nGroup}/${topkGroup}`] = e.balance.comm;
      }
      t.dispose();
    }
    // same seed and weights, only the groups differ: the loss value moves with them
    const values = Object.values(comm);
    expect(new Set(values.map((v) => v.toFixed(4))).size).toBe(values.length);
    // M = 1 with K = 2: a token reaches one device, so f'' of that device is D/M·(share) — L3/α3 ≥ 1
    expect(comm['4/1']).toBeGreaterThanOrEqual(0.99);
  });

  it('a learning rate that makes the loss non-finite stops with a clear message and keeps the last good weights', async () => {
    const t = BalanceLabTrainer.create(FAST, labTokens());
    try {
      await t.step();
      t.update({ ...FAST, lr: 1e30 });
      let err: unknown = null;
      let lastGood = await bits(t);
      for (let i = 0; i < 5 && !err; i++) {
        try {
          await t.step();
          lastGood = await bits(t);
        } catch (e) {
          err = e;
        }
      }
      expect(err).toBeInstanceOf(LabDivergedError);
      const msg = (err as Error).message;
      expect(msg).toMatch(
        /^Training stopped at step \d+: .* (NaN|Infinity|-Infinity|would reach [\d.]+e\+\d+ \(at most 1e\+4\)) at learning rate [\d.]+e\+\d+\./,
      );
      expect(msg).toMatch(/The weights of step \d+ are kept; lower the learning rate to go on\.$/);
      const stoppedAt = Number(/step (\d+)/.exec(msg)![1]);
      expect(t.stepCount).toBe(stoppedAt - 1);
      expect(await bits(t)).toEqual(lastGood); // bit for bit the weights before the failed step
    } finally {
      t.dispose();
    }
  });

  it('a step at lr 1e9 is refused before it is committed, and a lower rate goes on from the weights before it', async () => {
    const t = BalanceLabTrainer.create(FAST, labTokens());
    try {
      for (let i = 0; i < 6; i++) await t.step(); // past the warm-up: the full rate applies
      const good = await bits(t);
      t.update({ ...FAST, lr: 1e9 });
      const err = await t.step().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LabDivergedError);
      expect((err as Error).message).toMatch(
        /^Training stopped at step 7: the updated weights would reach [\d.]+e\+\d+ \(at most 1e\+4\) at learning rate 1\.00e\+9\. The weights of step 6 are kept; lower the learning rate to go on\.$/,
      );
      expect(t.stepCount).toBe(6);
      expect(await bits(t)).toEqual(good); // the weights of step 6, for real
      // the advice works: at a lower rate training goes on from them, with finite numbers
      t.update({ ...FAST, lr: 1e-3 });
      for (let i = 0; i < 3; i++) {
        const e = await t.step();
        expect(Number.isFinite(e.loss) && Number.isFinite(e.gradNorm)).toBe(true);
        expect(e.lmLoss).toBeLessThan(8);
      }
      expect(t.stepCount).toBe(9);
    } finally {
      t.dispose();
    }
  });

  it('live settings apply without a reset; shape and seed settings refuse', async () => {
    const t = BalanceLabTrainer.create(FAST, labTokens());
    try {
      await t.step();
      t.update({ ...FAST, alphaExpert: 0, topK: 1, lr: 1e-3 });
      const e = await t.step();
      expect(e.auxTotal).toBe(0);
      expect(e.lr).toBeCloseTo(2e-3 * 0 + 1e-3 * (2 / 5), 8); // warm-up step 2 of 5
      expect(() => t.update({ ...FAST, seed: 2 })).toThrow(/reset/);
    } finally {
      t.dispose();
    }
  });

  it('no tensor leak over 200 training steps', async () => {
    const t = BalanceLabTrainer.create({ ...FAST, batchSize: 1, dropping: true }, labTokens());
    try {
      await t.step();
      const n = tf.memory().numTensors;
      for (let i = 0; i < 200; i++) await t.step();
      expect(tf.memory().numTensors).toBe(n);
    } finally {
      t.dispose();
    }
  });
});

describe('lab settings', () => {
  it('accept the defaults and refuse bad values with a message naming the setting', () => {
    expect(parseLabSettings(LAB_DEFAULTS)).toEqual(LAB_DEFAULTS);
    const big = { ...LAB_DEFAULTS, batchSize: 165, lr: 1e9, alphaExpert: 10 }; // at the limits: taken
    expect(parseLabSettings(big)).toEqual(big);
    const bad: [Partial<LabSettings> | Record<string, unknown>, RegExp][] = [
      [{ lr: -1 }, /settings\.lr: expected a learning rate in \(0, 1e\+9\]/],
      [{ alphaExpert: Number.NaN }, /alphaExpert/],
      [{ nGroup: 3 }, /8 experts cannot be split evenly into n_group = 3/],
      [{ topkGroup: 5 }, /topk_group: 5 is more than n_group = 4/],
      [{ topK: 5 }, /num_experts_per_tok: 5 is more than the 4 experts the groups allow/],
      [{ model: 'gpt' }, /settings\.model/],
      [{ start: 'shipped' }, /only the TinySeek model has shipped weights/],
      [{ seqLen: 65 }, /longer than the model's 64/],
      // sizes past the memory estimate are refused when typed, naming the limit
      [
        { batchSize: 20000 },
        /^batch 20000 × sequence 32 needs about \d+\.\d GB for one step; the lab allows 1\.0 GB \(at sequence 32, batch ≤ 165\)$/,
      ],
      [{ batchSize: 2000, seqLen: 1 }, /more than the lab's 1024 sequences per step/],
      [{ model: 'tinyseek', batchSize: 8, seqLen: 256 }, /the lab allows 1\.0 GB \(at sequence 256, batch ≤ 3\)/],
      // out-of-range values are refused at once, not when a step fails
      [{ alphaExpert: 1e308 }, /settings\.alphaExpert: expected α in \[0, 10\], got 1e\+308/],
      [{ alphaDevice: 11 }, /settings\.alphaDevice: expected α in \[0, 10\]/],
      [{ alphaComm: 1e308 }, /settings\.alphaComm/],
      [{ capacityFactor: 1e308 }, /settings\.capacityFactor: expected a number in \(0, 64\]/],
      [{ lr: 1e308 }, /settings\.lr: expected a learning rate in \(0, 1e\+9\]/],
    ];
    for (const [patch, re] of bad) {
      expect(() => parseLabSettings({ ...LAB_DEFAULTS, ...patch })).toThrow(LabSettingsError);
      expect(() => parseLabSettings({ ...LAB_DEFAULTS, ...patch })).toThrow(re);
    }
  });
});
