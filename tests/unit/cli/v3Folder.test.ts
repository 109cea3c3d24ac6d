/**
 * `info` and `forward` on a DeepSeek-V3 model folder (written here, random weights): a
 * `deepseek_v3` config.json with Hugging Face's field names, the per-layer
 * `mlp.gate.e_score_correction_bias`, and one multi-token-prediction layer that is skipped with a note.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, mkdtempSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardJson } from '../../../src/cli/forward';
import { modelInfo } from '../../../src/cli/info';
import { parseConfig, toConfigJson } from '../../../src/model/config';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { Rng } from '../../../src/model/rng';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { readTrace, type PendingTrace } from '../../../src/model/trace';
import { initWeights } from '../../../src/model/weights';
import { FIXTURE_CONFIG, SHIPPED_TOKENIZER } from './fixtureModel';
import { cli } from './runCli';

const CONFIG = parseConfig({
  ...toConfigJson(FIXTURE_CONFIG),
  model_type: 'deepseek_v3',
  scoring_func: 'sigmoid',
  topk_method: 'noaux_tc',
  norm_topk_prob: true,
  routed_scaling_factor: 2.5,
  n_group: 4,
  topk_group: 2,
  num_nextn_predict_layers: 1,
});
const IDS = [1534, 5, 900, 17, 42, 1200];
let root = '';
let dir = '';
const weights = initWeights(CONFIG, 5);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-v3-'));
  dir = join(root, 'model');
  mkdirSync(dir);
  const rng = new Rng(6);
  for (const [name, t] of weights) {
    if (name.endsWith('e_score_correction_bias'))
      for (let i = 0; i < t.data.length; i++) t.data[i] = 0.2 * rng.normal();
  }
  // an MTP module as V3 checkpoints store it: layer index num_hidden_layers
  const mtp = `model.layers.${CONFIG.num_hidden_layers}`;
  const file = new Map(weights);
  file.set(`${mtp}.eh_proj.weight`, {
    shape: [CONFIG.hidden_size, 2 * CONFIG.hidden_size],
    data: new Float32Array(2 * CONFIG.hidden_size ** 2),
  });
  file.set(`${mtp}.enorm.weight`, { shape: [CONFIG.hidden_size], data: new Float32Array(CONFIG.hidden_size).fill(1) });
  const json = { ...toConfigJson(CONFIG), architectures: ['DeepseekV3ForCausalLM'] };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(file, 'F32', { format: 'pt' }));
  copyFileSync(SHIPPED_TOKENIZER, join(dir, 'tokenizer.json'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cli on a DeepSeek-V3 folder', () => {
  it('info: the V3 config, its bias counted in the router parameters, and a note about the MTP layer', async () => {
    const r = await cli(['info', '--model', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(modelInfo(CONFIG));
    const total = [...weights.values()].reduce((a, t) => a + t.data.length, 0);
    expect(JSON.parse(r.stdout).parameters.total).toBe(total);
    expect(r.stderr).toMatch(/^note: 2 multi-token-prediction tensors \(num_nextn_predict_layers 1\) are ignored/);
  });

  it('forward: the same logits and routing as the model built from the same weights', async () => {
    const r = await cli(['forward', '--model', dir, '--ids', IDS.join(','), '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/multi-token-prediction/);
    const got = JSON.parse(r.stdout) as ForwardJson;
    await tf.setBackend('cpu');
    const model = DeepseekV2Model.fromHostWeights(CONFIG, weights);
    const out = model.forward([IDS], { record: true });
    const logits = ((await out.logits.array()) as number[][][])[0];
    const trace = await readTrace(CONFIG, out.trace as PendingTrace);
    out.trace = null;
    disposeForwardResult(out);
    model.dispose();
    got.logits.forEach((row, t) => row.forEach((v, i) => expect(v).toBeCloseTo(logits[t][i], 4)));
    expect(got.routing.map((m) => m.experts)).toEqual(trace.moe.map((m) => m.experts));
    expect(trace.moe.every((m) => m.scoring === 'sigmoid' && m.bias !== null)).toBe(true);
  });
});
