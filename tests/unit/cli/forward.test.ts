import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardJson } from '../../../src/cli/forward';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { kvCacheElementsPerToken } from '../../../src/model/sizes';
import { readTrace, type PendingTrace } from '../../../src/model/trace';
import { writeFixtureModel, type FixtureModel } from './fixtureModel';
import { cli, cliProcess } from './runCli';

let root = '';
let fx: FixtureModel;
const IDS = [1534, 5, 900, 17, 42, 1200];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-forward-'));
  fx = writeFixtureModel(join(root, 'model'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The model's own forward on cpu: logits [T][V] and the recorded trace's routing. */
async function reference(attention: 'naive' | 'absorbed'): Promise<ForwardJson> {
  await tf.setBackend('cpu');
  const model = DeepseekV2Model.fromHostWeights(fx.config, fx.weights);
  const r = model.forward([IDS], { record: true, attention });
  const logits = ((await r.logits.array()) as number[][][])[0];
  const trace = await readTrace(fx.config, r.trace as PendingTrace);
  r.trace = null;
  disposeForwardResult(r);
  model.dispose();
  const { mla, mha, gqa, mqa } = kvCacheElementsPerToken(fx.config);
  return {
    logits,
    routing: trace.moe.map((m) => ({ layer: m.layer, experts: m.experts, weights: m.gates })),
    kvCache: { mla, mha, gqa, mqa },
  };
}

describe('cli forward', () => {
  it.each(['naive', 'absorbed'] as const)(
    'prints exactly the model forward on cpu (%s attention)',
    async (attention) => {
      const ref = await reference(attention);
      const before = tf.memory().numTensors;
      const r = await cli([
        'forward',
        '--model',
        fx.dir,
        '--ids',
        IDS.join(','),
        '--backend',
        'cpu',
        '--attention',
        attention,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(tf.memory().numTensors).toBe(before);
      expect(r.stdout.endsWith('\n') && r.stdout.indexOf('\n') === r.stdout.length - 1).toBe(true); // one line
      const out = JSON.parse(r.stdout) as ForwardJson;
      expect(Object.keys(out)).toEqual(['logits', 'routing', 'kvCache']);
      expect(out).toEqual(ref); // JSON round-trips float32 exactly
    },
  );

  it('has the documented shape: [T][V] logits, routing per MoE layer, whole-model KV sizes', async () => {
    const r = await cli(['forward', '--model', fx.dir, '--ids', IDS.join(','), '--backend', 'cpu']);
    const out = JSON.parse(r.stdout) as ForwardJson;
    const c = fx.config;
    expect(out.logits).toHaveLength(IDS.length);
    for (const row of out.logits) expect(row).toHaveLength(c.vocab_size);
    // TINY_TEST: layer 0 is dense, layers 1 and 2 are MoE
    expect(out.routing.map((m) => m.layer)).toEqual([1, 2]);
    for (const m of out.routing) {
      expect(m.experts).toHaveLength(IDS.length);
      expect(m.weights).toHaveLength(IDS.length);
      m.experts.forEach((row, t) => {
        expect(row).toHaveLength(c.num_experts_per_tok);
        expect(new Set(row).size).toBe(row.length);
        for (const e of row) expect(e >= 0 && e < (c.n_routed_experts as number)).toBe(true);
        const w = m.weights[t];
        expect(w).toEqual([...w].sort((a, b) => b - a)); // highest gate first
        for (const g of w) expect(g).toBeGreaterThan(0);
      });
    }
    // per layer: MLA d_c + d_h^R = 16 + 4, MHA 2·4·8, GQA (2 groups) 2·2·8, MQA 2·8; times 3 layers
    expect(out.kvCache).toEqual({ mla: 60, mha: 192, gqa: 96, mqa: 48 });
  });

  it('as a process on the default backend (wasm): one JSON line on stdout matching cpu to 1e-4', async () => {
    const ref = await reference('naive');
    const r = await cliProcess(['forward', '--model', fx.dir, '--ids', IDS.join(',')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as ForwardJson;
    const diff = Math.max(...out.logits.flatMap((row, t) => row.map((v, i) => Math.abs(v - ref.logits[t][i]))));
    expect(diff).toBeLessThan(1e-4);
    expect(out.routing.map((m) => m.experts)).toEqual(ref.routing.map((m) => m.experts));
  });

  it("keeps tfjs's Node banner off stdout (cpu backend prints it to stderr)", async () => {
    const r = await cliProcess(['forward', '--model', fx.dir, '--ids', '1,2', '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/TensorFlow\.js in Node/);
    expect(r.stdout).not.toMatch(/TensorFlow\.js in Node/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});
