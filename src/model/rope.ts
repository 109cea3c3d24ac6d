/**
 * Rotary position embedding as DeepSeek-V2 applies it (docs/model.md#rope-layout, docs/model.md#yarn).
 *
 * Interleaved ("GPT-J") pairs: each adjacent pair (x_2i, x_2i+1) of a q^R or k^R vector is rotated
 * by the angle pos·inv_freq_i. This equals the official code's de-interleave permutation followed
 * by rotate-half, which is what the released checkpoints expect. With YaRN the frequencies are
 * blended between the original and the ÷factor ones by a linear ramp, and cos/sin are scaled by
 * mscale(s, mscale)/mscale(s, mscale_all_dim).
 */
import * as tf from '@tensorflow/tfjs-core';
import { yarnMscale, type DeepseekV2Config } from './config';
import { bmm, reshapeTo } from './attentionOps';
import { linear } from './linear';

/** YaRN correction dim: the index at which a frequency makes `nRot` turns over `origMax` positions. */
function yarnCorrectionDim(nRot: number, dim: number, base: number, origMax: number): number {
  return (dim * Math.log(origMax / (nRot * 2 * Math.PI))) / (2 * Math.log(base));
}

/**
 * inv_freq_i = θ^(−2i/d_h^R) for i < d_h^R/2, blended with YaRN as DeepseekV2YarnRotaryEmbedding
 * does (ramp bounds floor/ceil of the correction dims, clamped to [0, d_h^R − 1]).
 */
export function ropeInvFreq(c: DeepseekV2Config): Float64Array {
  const d = c.qk_rope_head_dim;
  const inv = new Float64Array(d / 2); // [d_h^R/2]
  for (let i = 0; i < d / 2; i++) inv[i] = 1 / Math.pow(c.rope_theta, (2 * i) / d);
  const r = c.rope_scaling;
  if (!r) return inv;
  const orig = r.original_max_position_embeddings;
  const low = Math.max(Math.floor(yarnCorrectionDim(r.beta_fast, d, c.rope_theta, orig)), 0);
  let high = Math.min(Math.ceil(yarnCorrectionDim(r.beta_slow, d, c.rope_theta, orig)), d - 1);
  if (low === high) high += 0.001; // the official code's guard against a zero-width ramp
  for (let i = 0; i < d / 2; i++) {
    const ramp = Math.min(Math.max((i - low) / (high - low), 0), 1); // 0: keep, 1: interpolate
    inv[i] = (inv[i] / r.factor) * ramp + inv[i] * (1 - ramp);
  }
  return inv;
}

/** The cos/sin amplitude: mscale(s, mscale)/mscale(s, mscale_all_dim) with YaRN, else 1. */
export function ropeAmplitude(c: DeepseekV2Config): number {
  const r = c.rope_scaling;
  return r ? yarnMscale(r.factor, r.mscale) / yarnMscale(r.factor, r.mscale_all_dim) : 1;
}

/**
 * cos/sin tables for positions 0 … max_position_embeddings − 1, each row laid out interleaved
 * (cos θ_0, cos θ_0, cos θ_1, cos θ_1, …) so a row multiplies a d_h^R vector directly. Rows are
 * computed in float64 on first use, in doubling chunks, so a huge max_position_embeddings costs
 * nothing until those positions are reached.
 */
export class RopeTables {
  /** d_h^R. */
  readonly dim: number;
  /** positions the tables may serve (max_position_embeddings). */
  readonly maxPositions: number;
  private readonly invFreq: Float64Array;
  private readonly amplitude: number;
  private cosTable = new Float32Array(0);
  private sinTable = new Float32Array(0);
  /** [d_h^R, d_h^R]: x·P = (−x_1, x_0, −x_3, x_2, …), the pair rotation by 90°. */
  private readonly rotation: Float32Array;

  constructor(c: DeepseekV2Config) {
    this.dim = c.qk_rope_head_dim;
    this.maxPositions = c.max_position_embeddings;
    this.invFreq = ropeInvFreq(c);
    this.amplitude = ropeAmplitude(c);
    const d = this.dim;
    this.rotation = new Float32Array(d * d);
    for (let i = 0; i < d / 2; i++) {
      this.rotation[(2 * i + 1) * d + 2 * i] = -1; // out_2i = −x_2i+1
      this.rotation[2 * i * d + 2 * i + 1] = 1; // out_2i+1 = x_2i
    }
  }

  /** Positions computed so far. */
  get computedRows(): number {
    return this.cosTable.length / this.dim;
  }

  private ensure(rows: number): void {
    if (rows > this.maxPositions) {
      throw new RangeError(`RoPE: position ${rows - 1} is beyond max_position_embeddings (${this.maxPositions})`);
    }
    const have = this.computedRows;
    if (rows <= have) return;
    const n = Math.min(this.maxPositions, Math.max(rows, 2 * have, 64));
    const d = this.dim;
    const cos = new Float32Array(n * d); // [n, d_h^R]
    const sin = new Float32Array(n * d); // [n, d_h^R]
    cos.set(this.cosTable);
    sin.set(this.sinTable);
    for (let p = have; p < n; p++) {
      for (let i = 0; i < d / 2; i++) {
        const a = p * this.invFreq[i];
        const cv = Math.cos(a) * this.amplitude;
        const sv = Math.sin(a) * this.amplitude;
        cos[p * d + 2 * i] = cos[p * d + 2 * i + 1] = cv;
        sin[p * d + 2 * i] = sin[p * d + 2 * i + 1] = sv;
      }
    }
    this.cosTable = cos;
    this.sinTable = sin;
  }

  /** Host rows of the tables for positions [start, start + len), each [len·d_h^R], interleaved. */
  rows(start: number, len: number): { cos: Float32Array; sin: Float32Array } {
    if (!Number.isInteger(start) || start < 0) throw new RangeError(`RoPE: bad start position ${start}`);
    this.ensure(start + len);
    const d = this.dim;
    return {
      cos: this.cosTable.slice(start * d, (start + len) * d),
      sin: this.sinTable.slice(start * d, (start + len) * d),
    };
  }

  /**
   * Rotates `x` [B, T, H, d_h^R] (H heads; 1 for the shared k^R) at positions start … start+T−1:
   * y = x ⊙ cos + (x·P) ⊙ sin, i.e. each adjacent pair turned by pos·inv_freq_i.
   */
  apply(x: tf.Tensor, start: number): tf.Tensor4D {
    return tf.tidy(() => {
      const [B, T, H, d] = x.shape as [number, number, number, number];
      if (d !== this.dim) throw new Error(`RoPE: expected last dim ${this.dim}, got ${d}`);
      if (B === 1)
        return tf.reshape(this.rotate(tf.reshape(x, [T, H, d]) as tf.Tensor3D, 1, start), [B, T, H, d]) as tf.Tensor4D;
      const { cos, sin } = this.rows(start, T);
      const cosT = tf.tensor3d(cos, [T, 1, d]); // [T, 1, d_h^R], broadcast over B and heads
      const sinT = tf.tensor3d(sin, [T, 1, d]); // [T, 1, d_h^R]
      const rot = tf.tensor2d(this.rotation, [d, d]); // [d_h^R, d_h^R]
      const swapped = tf.reshape(linear(tf.reshape(x, [B * T * H, d]), rot), [B, T, H, d]); // [B, T, H, d_h^R]
      return tf.add(tf.mul(x, cosT), tf.mul(swapped, sinT)) as tf.Tensor4D; // [B, T, H, d_h^R]
    });
  }

  /**
   * The same rotation for b-major rows: `x` [B·T, H, d_h^R] or, for one vector per token,
   * [B·T, d_h^R]. When every row of a position block is one matrix product away (one sequence,
   * or one position), it is one product with each position's rotation matrix
   * diag(cos_t) + P·diag(sin_t): the same two products per output, in one kernel.
   */
  rotate<X extends tf.Tensor2D | tf.Tensor3D>(x: X, batch: number, start: number): X {
    return tf.tidy(() => {
      const d = this.dim;
      const N = x.shape[0];
      const T = N / batch;
      const H = x.rank === 3 ? x.shape[1]! : 1;
      if (x.shape[x.rank - 1] !== d) throw new Error(`RoPE: expected last dim ${d}, got ${x.shape[x.rank - 1]}`);
      if (T === 1 && x.rank === 2) {
        const { cos, sin } = this.rows(start, 1);
        return linear(x as tf.Tensor2D, tf.tensor2d(this.rotations(cos, sin, 1), [d, d])) as X; // [B, d_h^R]
      }
      if (batch === 1) {
        const { cos, sin } = this.rows(start, T);
        const r = tf.tensor3d(this.rotations(cos, sin, T), [T, d, d]); // [T, d_h^R, d_h^R]
        return reshapeTo<tf.Rank>(bmm(reshapeTo(x, [T, H, d]), r), x.shape) as X; // [T, H, d_h^R]
      }
      return reshapeTo<tf.Rank>(this.apply(tf.reshape(x, [batch, T, H, d]), start), x.shape) as X;
    });
  }

  /** [T, d_h^R, d_h^R] rotation matrices diag(cos_t) + P·diag(sin_t) from interleaved table rows. */
  private rotations(cos: Float32Array, sin: Float32Array, T: number): Float32Array {
    const d = this.dim;
    const m = new Float32Array(T * d * d);
    for (let t = 0; t < T; t++) {
      const o = t * d * d;
      for (let i = 0; i < d / 2; i++) {
        const [a, b] = [2 * i, 2 * i + 1];
        m[o + a * d + a] = cos[t * d + a]; // out_a = x_a cos …
        m[o + b * d + a] = -sin[t * d + a]; // … − x_b sin
        m[o + a * d + b] = sin[t * d + b]; // out_b = x_a sin …
        m[o + b * d + b] = cos[t * d + b]; // … + x_b cos
      }
    }
    return m;
  }
}
