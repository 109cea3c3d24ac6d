/**
 * An independent check of our RoPE against the official DeepSeek-V2 modeling code, which does not
 * rotate adjacent pairs directly: apply_rotary_pos_emb first de-interleaves each head's dims
 * (x.view(…, d/2, 2).transpose(-1, -2).reshape(…, d)) and then applies x·cos + rotate_half(x)·sin
 * with cos/sin = cat(freqs, freqs), the YaRN frequencies and mscale coming from
 * DeepseekV2YarnRotaryEmbedding. That code is transcribed here in float64 on plain arrays, sharing
 * nothing with src/model/rope.ts (not even ropeInvFreq); the q·k scores must agree to 1e-5.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DEEPSEEK_V2, TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { RopeTables } from '../../../src/model/rope';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** yarn_find_correction_dim */
const correctionDim = (nRot: number, dim: number, base: number, maxPos: number) =>
  (dim * Math.log(maxPos / (nRot * 2 * Math.PI))) / (2 * Math.log(base));

/** yarn_get_mscale */
const getMscale = (scale: number, mscale: number) => (scale <= 1 ? 1 : 0.1 * mscale * Math.log(scale) + 1);

/** DeepseekV2RotaryEmbedding / DeepseekV2YarnRotaryEmbedding: cos and sin of one position, [d] each. */
function officialCosSin(c: DeepseekV2Config, pos: number): { cos: number[]; sin: number[] } {
  const dim = c.qk_rope_head_dim;
  const base = c.rope_theta;
  const half = Array.from({ length: dim / 2 }, (_, i) => i); // torch.arange(0, dim, 2) / 2
  const freqExtra = half.map((i) => 1 / Math.pow(base, (2 * i) / dim));
  let invFreq = freqExtra;
  let mscale = 1;
  const r = c.rope_scaling;
  if (r) {
    const freqInter = half.map((i) => 1 / (r.factor * Math.pow(base, (2 * i) / dim)));
    const orig = r.original_max_position_embeddings;
    const low = Math.max(Math.floor(correctionDim(r.beta_fast, dim, base, orig)), 0);
    let high = Math.min(Math.ceil(correctionDim(r.beta_slow, dim, base, orig)), dim - 1);
    if (low === high) high += 0.001; // yarn_linear_ramp_mask
    const invFreqMask = half.map((i) => 1 - Math.min(Math.max((i - low) / (high - low), 0), 1));
    invFreq = half.map((i) => freqInter[i] * (1 - invFreqMask[i]) + freqExtra[i] * invFreqMask[i]);
    mscale = getMscale(r.factor, r.mscale) / getMscale(r.factor, r.mscale_all_dim);
  }
  const freqs = invFreq.map((f) => pos * f);
  const emb = [...freqs, ...freqs]; // torch.cat((freqs, freqs), dim=-1)
  return { cos: emb.map((a) => Math.cos(a) * mscale), sin: emb.map((a) => Math.sin(a) * mscale) };
}

/** x.view(d/2, 2).transpose(-1, -2).reshape(d): even dims first, then odd dims. */
const deinterleave = (x: readonly number[]) => [...x.filter((_, i) => i % 2 === 0), ...x.filter((_, i) => i % 2 === 1)];

/** rotate_half: cat(−x2, x1). */
function rotateHalf(x: readonly number[]): number[] {
  const h = x.length / 2;
  return [...x.slice(h).map((v) => -v), ...x.slice(0, h)];
}

/** apply_rotary_pos_emb for one vector at one position. */
function officialRope(c: DeepseekV2Config, x: readonly number[], pos: number): number[] {
  const { cos, sin } = officialCosSin(c, pos);
  const p = deinterleave(x);
  const rot = rotateHalf(p);
  return p.map((v, i) => v * cos[i] + rot[i] * sin[i]);
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Ours: RopeTables.apply on one vector [1, 1, 1, d] at `pos`. */
async function ours(rope: RopeTables, x: readonly number[], pos: number): Promise<Float32Array> {
  const t = tf.tensor4d(x as number[], [1, 1, 1, x.length]);
  const y = rope.apply(t, pos);
  const out = (await y.data()) as Float32Array;
  tf.dispose([t, y]);
  return out;
}

const CASES: [string, DeepseekV2Config, number[]][] = [
  ['no scaling, d_h^R = 8', parseConfig({ ...TINY_TEST, qk_rope_head_dim: 8 }), [0, 1, 5, 17, 63, 127]],
  [
    "DeepSeek-V2's YaRN (s = 40, mscale = mscale_all_dim), d_h^R = 64",
    parseConfig({
      ...TINY_TEST,
      qk_rope_head_dim: 64,
      max_position_embeddings: 6000,
      rope_scaling: DEEPSEEK_V2.rope_scaling,
    }),
    [0, 3, 700, 4095, 4096, 5999],
  ],
  [
    'YaRN with mscale 1 ≠ mscale_all_dim (amplitude ≠ 1), d_h^R = 16',
    parseConfig({
      ...TINY_TEST,
      qk_rope_head_dim: 16,
      max_position_embeddings: 9000,
      rope_scaling: { ...DEEPSEEK_V2.rope_scaling!, mscale: 1, factor: 8, original_max_position_embeddings: 1024 },
    }),
    [0, 2, 1023, 1024, 4500, 8999],
  ],
];

describe('RoPE against the official de-interleave + rotate_half', () => {
  for (const [name, c, positions] of CASES) {
    it(`${name}: q·k scores agree to 1e-5 at positions ${positions.join(', ')}`, async () => {
      const d = c.qk_rope_head_dim;
      const rope = new RopeTables(c);
      const rng = new Rng(d + positions.length);
      const vec = () => Array.from({ length: d }, () => rng.normal() / Math.sqrt(d));
      const qs = [vec(), vec()];
      const ks = [vec(), vec()];
      let compared = 0;
      for (const q of qs) {
        for (const k of ks) {
          for (const m of positions) {
            const qOurs = await ours(rope, q, m);
            const qOff = officialRope(c, q, m);
            // same vector up to the fixed permutation: ours keeps pair i at dims 2i, 2i+1
            qOff.forEach((v, i) => {
              const j = i < d / 2 ? 2 * i : 2 * (i - d / 2) + 1;
              expect(Math.abs(qOurs[j] - v)).toBeLessThan(1e-5);
            });
            for (const n of positions) {
              const score = dot(qOurs, await ours(rope, k, n));
              const official = dot(qOff, officialRope(c, k, n));
              expect(Math.abs(score - official)).toBeLessThan(1e-5);
              compared++;
            }
          }
        }
      }
      expect(compared).toBe(4 * positions.length ** 2);
    });
  }

  it('the check has teeth: skipping the de-interleave (plain rotate-half on our layout) changes the scores', () => {
    const c = CASES[0][1];
    const rng = new Rng(3);
    const q = Array.from({ length: 8 }, () => rng.normal());
    const k = Array.from({ length: 8 }, () => rng.normal());
    const neox = (x: number[], pos: number) => {
      const { cos, sin } = officialCosSin(c, pos);
      const rot = rotateHalf(x);
      return x.map((v, i) => v * cos[i] + rot[i] * sin[i]);
    };
    const official = dot(officialRope(c, q, 5), officialRope(c, k, 2));
    expect(Math.abs(dot(neox(q, 5), neox(k, 2)) - official)).toBeGreaterThan(1e-3);
  });
});
