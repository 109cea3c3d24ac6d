import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, qHeadDim, type DeepseekV2Config } from '../../../src/model/config';
import { KvCache } from '../../../src/model/kvCache';
import { mla, type MlaParams } from '../../../src/model/mla';
import { TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { RopeTables } from '../../../src/model/rope';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomTensor(rng: Rng, shape: number[], std: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * std),
    shape,
  );
}

function randomAttention(c: DeepseekV2Config, seed: number): MlaParams {
  const rng = new Rng(seed);
  const d = c.hidden_size;
  const H = c.num_attention_heads;
  const std = 0.3;
  const qOut = H * qHeadDim(c);
  const lora = c.q_lora_rank;
  return {
    kind: 'mla',
    qAProj: lora ? (randomTensor(rng, [d, lora], std) as tf.Tensor2D) : null,
    qALayernorm: lora ? (tf.add(1, randomTensor(rng, [lora], 0.1)) as tf.Tensor1D) : null,
    qBProj: lora ? (randomTensor(rng, [lora, qOut], std) as tf.Tensor2D) : null,
    qProj: lora ? null : (randomTensor(rng, [d, qOut], std) as tf.Tensor2D),
    kvAProjWithMqa: randomTensor(rng, [d, c.kv_lora_rank + c.qk_rope_head_dim], std) as tf.Tensor2D,
    kvALayernorm: tf.add(1, randomTensor(rng, [c.kv_lora_rank], 0.1)) as tf.Tensor1D,
    kvBProj: randomTensor(rng, [c.kv_lora_rank, H * (c.qk_nope_head_dim + c.v_head_dim)], std) as tf.Tensor2D,
    oProj: randomTensor(rng, [H * c.v_head_dim, d], std) as tf.Tensor2D,
  };
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

const CONFIGS: [string, DeepseekV2Config][] = [
  ['q_lora_rank set', TINY_TEST],
  ['q_lora_rank null', parseConfig({ ...TINY_TEST, q_lora_rank: null })],
  [
    'YaRN, v_head_dim ≠ qk_nope_head_dim',
    parseConfig({
      ...TINY_TEST,
      v_head_dim: 6,
      rope_scaling: {
        type: 'yarn',
        factor: 4,
        original_max_position_embeddings: 32,
        beta_fast: 32,
        beta_slow: 1,
        mscale: 0.707,
        mscale_all_dim: 0.707,
      },
    }),
  ],
];

describe.each(CONFIGS)('MLA (%s)', (_name, c) => {
  it('naive and absorbed paths agree to 1e-5 on a batch', async () => {
    const p = randomAttention(c, 1);
    const rope = new RopeTables(c);
    const B = 2;
    const T = 7;
    const h = randomTensor(new Rng(2), [B * T, c.hidden_size], 1) as tf.Tensor2D;
    const naive = mla(p, c, rope, h, { batch: B, path: 'naive' });
    const absorbed = mla(p, c, rope, h, { batch: B, path: 'absorbed' });
    expect(naive.out.shape).toEqual([B * T, c.hidden_size]);
    expect(await maxAbsDiff(naive.out, absorbed.out)).toBeLessThan(1e-5);
    const cmp = mla(p, c, rope, h, { batch: B, compare: true });
    expect((await cmp.pathDiff!.data())[0]).toBeLessThan(1e-5);
    tf.dispose([
      naive.out,
      absorbed.out,
      cmp.out,
      cmp.pathDiff!,
      h,
      ...Object.values(p).filter((t) => t instanceof tf.Tensor),
    ]);
  });

  it('each sequence of a batch is causal and independent', async () => {
    const p = randomAttention(c, 3);
    const rope = new RopeTables(c);
    const T = 5;
    const h = randomTensor(new Rng(4), [2 * T, c.hidden_size], 1) as tf.Tensor2D;
    const both = mla(p, c, rope, h, { batch: 2 }).out;
    const second = mla(p, c, rope, tf.slice(h, [T, 0], [T, c.hidden_size]), { batch: 1 }).out;
    expect(await maxAbsDiff(tf.slice(both, [T, 0], [T, c.hidden_size]), second)).toBeLessThan(1e-5);
    // Changing the last token must not change the outputs of earlier tokens.
    const h2 = tf.concat([tf.slice(h, [0, 0], [T - 1, c.hidden_size]), tf.ones([1, c.hidden_size])]) as tf.Tensor2D;
    const changed = mla(p, c, rope, h2, { batch: 1 }).out;
    const first = mla(p, c, rope, tf.slice(h, [0, 0], [T, c.hidden_size]), { batch: 1 }).out;
    expect(
      await maxAbsDiff(
        tf.slice(changed, [0, 0], [T - 1, c.hidden_size]),
        tf.slice(first, [0, 0], [T - 1, c.hidden_size]),
      ),
    ).toBeLessThan(1e-6);
  });

  it.each(['naive', 'absorbed'] as const)(
    'token-by-token over the latent cache equals the full pass (%s)',
    async (path) => {
      const p = randomAttention(c, 5);
      const rope = new RopeTables(c);
      const T = 9;
      const h = randomTensor(new Rng(6), [T, c.hidden_size], 1) as tf.Tensor2D;
      const full = mla(p, c, rope, h, { batch: 1 }).out;
      const cache = new KvCache(c);
      const rows: tf.Tensor2D[] = [];
      // A 3-token prefill, then one token at a time.
      rows.push(
        mla(p, c, rope, tf.slice(h, [0, 0], [3, c.hidden_size]), { batch: 1, path, cache: { cache, layer: 0 } }).out,
      );
      for (let t = 3; t < T; t++) {
        rows.push(
          mla(p, c, rope, tf.slice(h, [t, 0], [1, c.hidden_size]), { batch: 1, path, cache: { cache, layer: 0 } }).out,
        );
      }
      expect(cache.layerLength(0)).toBe(T);
      expect(await maxAbsDiff(tf.concat(rows), full)).toBeLessThan(1e-5);
      cache.dispose();
    },
  );

  it('records the internals with their shapes, and the logit parts sum to the scores', async () => {
    const p = randomAttention(c, 7);
    const rope = new RopeTables(c);
    const T = 4;
    const H = c.num_attention_heads;
    const h = randomTensor(new Rng(8), [T, c.hidden_size], 1) as tf.Tensor2D;
    const { record } = mla(p, c, rope, h, { batch: 1, record: true, path: 'absorbed' });
    const r = record!;
    expect(r.cKV.shape).toEqual([T, c.kv_lora_rank]);
    expect(r.kR.shape).toEqual([T, c.qk_rope_head_dim]);
    expect(r.qR.shape).toEqual([T, H, c.qk_rope_head_dim]);
    expect(r.probs.shape).toEqual([1, H, T, T]);
    expect(r.cQ === null).toBe(c.q_lora_rank === null);
    const probs = await r.probs.array();
    for (const row of probs[0][1]) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(probs[0][0][0][1]).toBe(0); // causal
    // RoPE at position 0 is the identity.
    const pre = await r.kRPreRope.array();
    const post = await r.kR.array();
    post[0].forEach((x, i) => expect(x).toBeCloseTo(pre[0][i], 6));
  });
});
