import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { DEEPSEEK_V2, TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { RopeTables, ropeAmplitude, ropeInvFreq } from '../../../src/model/rope';
import { applyRope } from '../../reference/deepseekV2Reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('RoPE', () => {
  it('YaRN for V2 keeps pairs i ≤ 10, divides pairs i ≥ 23 by 40, and ramps in between (docs/model.md#yarn)', () => {
    const inv = ropeInvFreq(DEEPSEEK_V2);
    expect(inv).toHaveLength(32);
    for (let i = 0; i < 32; i++) {
      const orig = Math.pow(10000, (-2 * i) / 64);
      if (i <= 10) expect(inv[i]).toBeCloseTo(orig, 12);
      else if (i >= 23) expect(inv[i] / (orig / 40)).toBeCloseTo(1, 12);
      else expect(inv[i] < orig && inv[i] > orig / 40).toBe(true);
    }
    expect(ropeAmplitude(DEEPSEEK_V2)).toBe(1); // mscale = mscale_all_dim = 0.707
  });

  it('rotates adjacent pairs like the float64 reference, at large positions, with YaRN amplitude', async () => {
    const c = parseConfig({
      ...TINY_TEST,
      qk_rope_head_dim: 64,
      max_position_embeddings: 6000,
      rope_scaling: { ...DEEPSEEK_V2.rope_scaling!, mscale: 1 },
    });
    const rope = new RopeTables(c);
    const rng = new Rng(1);
    const x = Float32Array.from({ length: 2 * 3 * 64 }, () => rng.normal()); // [1, T=2, H=3, 64]
    const y = (await rope.apply(tf.tensor4d(x, [1, 2, 3, 64]), 5000).data()) as Float32Array;
    const inv = ropeInvFreq(c);
    for (let t = 0; t < 2; t++) {
      for (let h = 0; h < 3; h++) {
        const off = (t * 3 + h) * 64;
        const ref = applyRope(x.subarray(off, off + 64), 5000 + t, inv, ropeAmplitude(c));
        ref.forEach((v, i) => expect(Math.abs(v - y[off + i])).toBeLessThan(1e-5));
      }
    }
    expect(ropeAmplitude(c)).not.toBe(1);
    expect(rope.computedRows).toBeLessThanOrEqual(6000);
    expect(() => rope.rows(5999, 2)).toThrow(/max_position_embeddings/);
  });

  it('preserves dot products that depend only on the relative position (no YaRN)', async () => {
    const rope = new RopeTables(TINY_TEST);
    const q = tf.tensor4d([0.3, -1.2, 0.7, 0.5], [1, 1, 1, 4]);
    const k = tf.tensor4d([1.1, 0.4, -0.2, 0.9], [1, 1, 1, 4]);
    const dot = async (pq: number, pk: number) =>
      (await tf.sum(tf.mul(rope.apply(q, pq), rope.apply(k, pk))).data())[0];
    expect(await dot(7, 3)).toBeCloseTo(await dot(40, 36), 5);
  });
});
