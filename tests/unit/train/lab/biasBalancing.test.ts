/**
 * The Balance lab's V3 mode (docs/model.md#bias-balancing): the bias rule by hand, the settings
 * (old run files without it still load), and a few real steps: the bias moves by ±γ toward an even
 * load, is untouched by AdamW, survives a checkpoint, and is carried into the run file.
 */
import '@tensorflow/tfjs-core'; // the Node bundle before its gradients, or they register in another engine
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../../src/model/safetensors';
import { selectNodeBackend } from '../../../../src/runtime/nodeBackend';
import { biasUpdate } from '../../../../src/train/lab/biasBalancing';
import { parseLabRun, RUN_FORMAT, toPoint } from '../../../../src/train/lab/labRun';
import {
  LAB_DEFAULTS,
  LAB_PRESETS,
  LabSettingsError,
  labConfig,
  needsReset,
  parseLabSettings,
  type LabSettings,
} from '../../../../src/train/lab/labSettings';
import { BalanceLabTrainer } from '../../../../src/train/lab/labTrainer';
import { labTokens } from './labFixtures';

const FAST: LabSettings = { ...LAB_PRESETS.v3bias, batchSize: 2, seqLen: 8 };

describe('biasUpdate', () => {
  it('lowers the overloaded, raises the underloaded, leaves the exactly-average', () => {
    // loads 4, 2, 0, 2: mean 2
    const next = biasUpdate([0.5, 0, -0.1, 0.2], [4, 2, 0, 2], 0.01);
    expect(next[0]).toBeCloseTo(0.49, 12);
    expect(next[1]).toBe(0);
    expect(next[2]).toBeCloseTo(-0.09, 12);
    expect(next[3]).toBe(0.2);
    expect(() => biasUpdate([0], [1, 2], 0.1)).toThrow(/1 biases for 2 loads/);
  });
});

describe('lab settings in V3 mode', () => {
  it('train a deepseek_v3 config with every α at 0; switching the mode needs a reset, γ does not', () => {
    const c = labConfig({ ...FAST, alphaExpert: 0.5, alphaDevice: 0.2 });
    expect(c).toMatchObject({
      model_type: 'deepseek_v3',
      scoring_func: 'sigmoid',
      topk_method: 'noaux_tc',
      aux_loss_alpha: 0,
      device_balance_alpha: 0,
      comm_balance_alpha: 0,
    });
    expect(labConfig(LAB_DEFAULTS).model_type).toBe('deepseek_v2');
    expect(needsReset(LAB_DEFAULTS, { ...LAB_DEFAULTS, balancing: 'bias' })).toBe(true);
    expect(needsReset(FAST, { ...FAST, gamma: 0.02 })).toBe(false);
  });

  it('read settings saved before V3 mode as V2 losses; refuse a bad mode or γ by name', () => {
    const { balancing: _b, gamma: _g, ...old } = LAB_DEFAULTS;
    expect(parseLabSettings(old)).toEqual(LAB_DEFAULTS);
    expect(() => parseLabSettings({ ...LAB_DEFAULTS, balancing: 'both' })).toThrow(LabSettingsError);
    expect(() => parseLabSettings({ ...LAB_DEFAULTS, gamma: 2 })).toThrow(
      /^settings\.gamma: expected γ in \[0, 1\], got 2$/,
    );
  });
});

describe('BalanceLabTrainer in V3 mode', () => {
  beforeAll(async () => {
    await selectNodeBackend();
  });

  it('moves each bias by ±γ toward the mean load after each step, keeps it through a checkpoint, exports it', async () => {
    const t = BalanceLabTrainer.create(FAST, labTokens());
    let resumed: BalanceLabTrainer | null = null;
    try {
      const e1 = await t.step();
      const e2 = await t.step();
      for (const [e, before] of [
        [e1, null],
        [e2, e1],
      ] as const) {
        e.layers.forEach((l, j) => {
          expect(l.expert * 0).toBe(0); // the losses are still measured
          const prev = before ? before.layers[j].bias! : new Array<number>(l.f.length).fill(0);
          const mean = l.f.reduce((a, b) => a + b, 0) / l.f.length;
          l.bias!.forEach((b, i) => expect(b - prev[i]).toBeCloseTo(FAST.gamma * Math.sign(mean - l.f[i]), 6));
        });
      }
      expect(e2.auxTotal).toBe(0);
      // the weights hold the biases the events report (AdamW left them alone)
      const w = await t.weights();
      e2.layers.forEach((l) => {
        const b = w.get(`model.layers.${l.layer}.mlp.gate.e_score_correction_bias`)!.data;
        l.bias!.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 6));
      });
      const ck = await t.checkpoint();
      resumed = BalanceLabTrainer.resume(FAST, labTokens(), ck);
      const [a, b] = [await t.step(), await resumed.step()];
      expect(b.lmLoss).toBe(a.lmLoss);
      expect(b.layers.map((l) => l.bias)).toEqual(a.layers.map((l) => l.bias));
      // the run file carries the biases and reads them back
      const point = toPoint(a);
      expect(point.bias).toEqual(a.layers.map((l) => l.bias));
      const run = { format: RUN_FORMAT, version: 1, settings: FAST, backend: 'wasm', layers: [0, 1], points: [point] };
      expect(parseLabRun(JSON.parse(JSON.stringify(run))).points[0].bias).toEqual(point.bias);
      const bad = { ...run, points: [{ ...point, bias: [point.bias![0]] }] };
      expect(() => parseLabRun(bad)).toThrow(/^points\[0\]\.bias: expected 2 lists of expert biases/);
    } finally {
      t.dispose();
      resumed?.dispose();
    }
  });

  it('starts the shipped TinySeek weights (which have no bias) at a zero bias', async () => {
    const s: LabSettings = { ...FAST, model: 'tinyseek', start: 'shipped' };
    const shipped = parseSafetensors(new Uint8Array(readFileSync('public/models/tinyseek/model.safetensors'))).tensors;
    expect([...shipped.keys()].some((n) => n.includes('e_score_correction_bias'))).toBe(false);
    const t = BalanceLabTrainer.create(s, labTokens(), shipped);
    try {
      const e = await t.step();
      expect(e.layers.every((l) => l.bias!.every((b) => Math.abs(b) === s.gamma || b === 0))).toBe(true);
    } finally {
      t.dispose();
    }
  });
});
