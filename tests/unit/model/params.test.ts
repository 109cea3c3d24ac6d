import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import {
  disposeParams,
  fromHostWeights,
  isMoeParams,
  namedParams,
  toHostWeights,
  toHostWeightsSync,
} from '../../../src/model/params';
import { TINY_TEST } from '../../../src/model/presets';
import { initWeights, type HostWeights } from '../../../src/model/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIGS: [string, DeepseekV2Config][] = [
  ['q-LoRA, dense first layer', TINY_TEST],
  [
    'plain q_proj, tied embeddings, no shared experts',
    parseConfig({ ...TINY_TEST, q_lora_rank: null, tie_word_embeddings: true, n_shared_experts: 0 }),
  ],
  [
    'moe_layer_freq 2',
    parseConfig({ ...TINY_TEST, num_hidden_layers: 4, first_k_dense_replace: 0, moe_layer_freq: 2 }),
  ],
];

function expectSame(a: HostWeights, b: HostWeights): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, t] of a) {
    const u = b.get(name)!;
    expect(u.shape, name).toEqual(t.shape);
    expect(u.data, name).toEqual(t.data); // bit-exact
  }
}

describe.each(CONFIGS)('params (%s)', (_name, c) => {
  it('fromHostWeights → toHostWeights is the exact identity', async () => {
    const w = initWeights(c, 5);
    const before = tf.memory().numTensors;
    const p = fromHostWeights(c, w);
    expectSame(w, await toHostWeights(c, p));
    expectSame(w, toHostWeightsSync(c, p));
    disposeParams(p);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses [in, out] layout and stacks the routed experts', async () => {
    const w = initWeights(c, 6);
    const p = fromHostWeights(c, w);
    const d = c.hidden_size;
    const a = p.layers[0].selfAttn;
    if (a.kind !== 'mla') throw new Error('TINY_TEST is an MLA model');
    expect(a.kvAProjWithMqa.shape).toEqual([d, c.kv_lora_rank + c.qk_rope_head_dim]);
    expect(a.oProj.shape).toEqual([c.num_attention_heads * c.v_head_dim, d]);
    // kv_a_proj_with_mqa[out=o, in=i] lands at [i, o].
    const hf = w.get('model.layers.0.self_attn.kv_a_proj_with_mqa.weight')!;
    const ours = (await a.kvAProjWithMqa.array()) as number[][];
    expect(ours[3][5]).toBe(hf.data[5 * d + 3]);
    const moeLayer = p.layers.findIndex((l) => isMoeParams(l.mlp));
    const m = p.layers[moeLayer].mlp;
    if (!isMoeParams(m)) throw new Error('no MoE layer');
    const ffe = c.moe_intermediate_size;
    const nr = c.n_routed_experts!;
    expect(m.experts.gateProj.shape).toEqual([d, nr * ffe]);
    expect(m.experts.downProj.shape).toEqual([nr * ffe, d]);
    // expert 2's up_proj row j (hidden unit j) is column 2·ffe + j of the stack.
    const up2 = w.get(`model.layers.${moeLayer}.mlp.experts.2.up_proj.weight`)!;
    const stack = (await m.experts.upProj.array()) as number[][];
    expect(stack[7][2 * ffe + 1]).toBe(up2.data[1 * d + 7]);
    expect(p.lmHead === null).toBe(c.tie_word_embeddings);
    disposeParams(p);
  });

  it('makes trainable variables on request, named by camelCase path', () => {
    const p = fromHostWeights(c, initWeights(c, 7), { trainable: true });
    const named = namedParams(p);
    expect(named.every(([, t]) => t instanceof tf.Variable && t.trainable)).toBe(true);
    const names = named.map(([n]) => n);
    expect(names).toContain('layers.0.selfAttn.kvBProj');
    expect(new Set(names).size).toBe(names.length);
    const total = named.reduce((s, [, t]) => s + t.size, 0);
    const hf = [...initWeights(c, 7).values()].reduce((s, t) => s + t.data.length, 0);
    expect(total).toBe(hf);
    disposeParams(p);
  });
});
