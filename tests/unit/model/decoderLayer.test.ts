import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selfAttention } from '../../../src/model/attention';
import { parseConfig } from '../../../src/model/config';
import { decoderLayer, type DecoderLayerOptions } from '../../../src/model/decoderLayer';
import { mlp } from '../../../src/model/mlp';
import { DeepseekV2Model } from '../../../src/model/model';
import { moe } from '../../../src/model/moe';
import { isMoeParams } from '../../../src/model/params';
import { TINY_TEST } from '../../../src/model/presets';
import { rmsNorm } from '../../../src/model/rmsNorm';
import { normals, randomMatrix } from '../randomData';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const c = parseConfig({ ...TINY_TEST, initializer_range: 0.2 });
const B = 2;
const T = 5;
const opts: DecoderLayerOptions = { batch: B, path: 'naive', record: false, compareAttention: false, moe: {} };

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

describe('decoderLayer', () => {
  it('is x + attn(norm x), then + ffn(norm ·): a dense MLP on layer 0, DeepSeekMoE after', async () => {
    const model = DeepseekV2Model.init(c, 3);
    const x = tf.tensor2d(randomMatrix(B * T, c.hidden_size, normals(4))); // [B·T, d]
    for (const [l, p] of model.params.layers.entries()) {
      const out = decoderLayer(p, x, c, model.rope, opts);
      const h = rmsNorm(x, p.inputLayernorm, c.rms_norm_eps);
      const attended = tf.add(x, selfAttention(p.selfAttn, c, model.rope, h, { ...opts, compare: false }).out);
      const u = rmsNorm(attended, p.postAttentionLayernorm, c.rms_norm_eps) as tf.Tensor2D;
      const ffn = isMoeParams(p.mlp) ? moe(p.mlp, u, c).y : mlp(p.mlp, u);
      expect(out.hidden.shape).toEqual([B * T, c.hidden_size]);
      expect(await maxAbsDiff(out.hidden, tf.add(attended, ffn)), `layer ${l}`).toBeLessThan(1e-6);
      expect(out.moe === null, `layer ${l}`).toBe(l < c.first_k_dense_replace);
      expect(out.moe?.router.mask.shape ?? null).toEqual(
        l < c.first_k_dense_replace ? null : [B * T, c.n_routed_experts],
      );
    }
    x.dispose();
    model.dispose();
  });

  it('records MLA internals and the MoE norms only when asked, and leaks nothing inside a tidy', () => {
    const model = DeepseekV2Model.init(c, 5);
    const x = tf.tensor2d(randomMatrix(B * T, c.hidden_size, normals(6)));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const moeLayer = model.params.layers[1];
      const plain = decoderLayer(moeLayer, x, c, model.rope, opts);
      expect(plain.attention.record).toBeNull();
      expect(plain.attention.pathDiff).toBeNull();
      expect(plain.moe?.routedNorm).toBeUndefined();
      const recorded = decoderLayer(moeLayer, x, c, model.rope, { ...opts, record: true, compareAttention: true });
      expect(recorded.attention.record?.probs.shape).toEqual([B, c.num_attention_heads, T, T]);
      expect(recorded.attention.pathDiff?.shape).toEqual([]);
      expect(recorded.moe?.routedNorm?.shape).toEqual([B * T]);
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('runs the MHA baseline on MHA weights, which record nothing', () => {
    const mhaConfig = parseConfig({ ...c, attention_type: 'mha' });
    const model = DeepseekV2Model.init(mhaConfig, 7);
    const p = model.params.layers[0];
    expect(p.selfAttn.kind).toBe('mha');
    const x = tf.tensor2d(randomMatrix(B * T, c.hidden_size, normals(8)));
    tf.tidy(() => {
      const out = decoderLayer(p, x, mhaConfig, model.rope, { ...opts, record: true, compareAttention: true });
      expect(out.hidden.shape).toEqual([B * T, c.hidden_size]);
      expect(out.attention.record).toBeNull();
      expect(out.attention.pathDiff).toBeNull();
    });
    x.dispose();
    model.dispose();
  });
});
