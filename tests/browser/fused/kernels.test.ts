/**
 * Each fused WGSL kernel (src/model/fused) on real WebGPU (SwiftShader here) against the
 * op-by-op functions it replaces, run on tfjs cpu, to 1e-4, on random inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { appendLatent, appendRopeKey } from '../../../src/model/fused/cacheAppend';
import { attentionLayout, mlaAttention } from '../../../src/model/fused/mlaAttention';
import { normMatmul } from '../../../src/model/fused/normMatmul';
import { routeCounts, route } from '../../../src/model/router';
import { routerKernel, routerLayout } from '../../../src/model/fused/routerKernel';
import { linear } from '../../../src/model/linear';
import { mlp, type MlpParams } from '../../../src/model/mlp';
import { moe } from '../../../src/model/moe';
import { ffnDown, swigluHidden } from '../../../src/model/fused/swiglu';
import { absorbedAttention } from '../../../src/model/mlaPaths';
import { TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { LATENT_NORM_EPS, rmsNorm } from '../../../src/model/rmsNorm';
import { RopeTables } from '../../../src/model/rope';
import { selectBackend } from '../../../src/runtime/backends';

const rng = new Rng(5);
const rand = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);

/** Runs `fn` on webgpu (the fused kernel) and `ref` on cpu (the op-by-op path); returns both as arrays. */
async function both(fn: () => tf.Tensor, ref: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
  expect(tf.getBackend()).toBe('webgpu');
  const g = tf.tidy(fn);
  const gpu = (await g.data()) as Float32Array;
  g.dispose();
  await tf.setBackend('cpu');
  const r = tf.tidy(ref);
  const cpu = (await r.data()) as Float32Array;
  r.dispose();
  return [gpu, cpu];
}

function expectClose(a: Float32Array, b: Float32Array) {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  expect(m).toBeLessThan(1e-4);
  expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(1e-2); // not vacuous
}

describe('fused kernels on webgpu against the op-by-op path on cpu', () => {
  it('normMatmul: RMSNorm into two projections, the embedding row emitted', async () => {
    const [d, n0, n1] = [40, 24, 9];
    const [table, gain, w0, w1] = [rand(3 * d), rand(d), rand(d * n0), rand(d * n1)];
    const [gpu, cpu] = await both(
      () =>
        normMatmul({
          x: tf.tensor2d(table, [3, d]),
          row: 2,
          stride: d,
          offset: 0,
          gain: tf.tensor1d(gain),
          eps: 1e-6,
          w0: tf.tensor2d(w0, [d, n0]),
          w1: tf.tensor2d(w1, [d, n1]),
          emit: 'raw',
        }),
      () => {
        const x = tf.tensor2d(table.slice(2 * d), [1, d]); // [1, d]
        const h = rmsNorm(x, tf.tensor1d(gain), 1e-6); // [1, d]
        return tf.concat([x, linear(h, tf.tensor2d(w0, [d, n0])), linear(h, tf.tensor2d(w1, [d, n1]))], 1);
      },
    );
    expectClose(gpu, cpu);
  });

  it('normMatmul: a tied head read as [V, d], the normed row emitted', async () => {
    const [d, v] = [24, 70];
    const [x, gain, table] = [rand(d + 5), rand(d), rand(v * d)];
    const [gpu, cpu] = await both(
      () =>
        normMatmul({
          x: tf.tensor1d(x),
          row: 0,
          stride: 0,
          offset: 5,
          gain: tf.tensor1d(gain),
          eps: 1e-5,
          w0: tf.tensor2d(table, [v, d]),
          w0Rows: true,
          emit: 'normed',
        }),
      () => {
        const h = rmsNorm(tf.tensor2d(x.slice(5), [1, d]), tf.tensor1d(gain), 1e-5); // [1, d]
        return tf.concat([h, linear(h, tf.transpose(tf.tensor2d(table, [v, d])))], 1); // [1, d + V]
      },
    );
    expectClose(gpu, cpu);
  });

  it('appendLatent and appendRopeKey: the new row normed or rotated, after the cached rows', async () => {
    const c = TINY_TEST;
    const rope = new RopeTables(c);
    const [dc, dr, S] = [c.kv_lora_rank, c.qk_rope_head_dim, 6];
    const [old, oldR, src, gain] = [rand((S - 1) * dc), rand((S - 1) * dr), rand(40), rand(dc)];
    const { cos, sin } = rope.rows(S - 1, 1);
    const [gpu, cpu] = await both(
      () => {
        const s = tf.tensor1d(src);
        const lat = appendLatent(tf.tensor2d(old, [S - 1, dc]), s, 3, tf.tensor1d(gain), LATENT_NORM_EPS); // [S, d_c]
        const cs = tf.tensor2d([...cos, ...sin], [2, dr]); // [2, d_h^R]
        const key = appendRopeKey(tf.tensor2d(oldR, [S - 1, dr]), s, 3 + dc, cs); // [S, d_h^R]
        return tf.concat([tf.reshape(lat, [-1]), tf.reshape(key, [-1])]);
      },
      () => {
        const row = rmsNorm(tf.tensor2d(src.slice(3, 3 + dc), [1, dc]), tf.tensor1d(gain), LATENT_NORM_EPS);
        const kR = rope.apply(tf.tensor4d(src.slice(3 + dc, 3 + dc + dr), [1, 1, 1, dr]), S - 1); // [1, 1, 1, d_h^R]
        return tf.concat([old, row.dataSync(), oldR, kR.dataSync()].map((a) => tf.tensor1d(a as Float32Array)));
      },
    );
    expectClose(gpu, cpu);
  });

  it('mlaAttention: every head of absorbed MLA over the latent cache, with its trace parts', async () => {
    const c = parseConfig({ ...TINY_TEST, qk_rope_head_dim: 6 });
    const rope = new RopeTables(c);
    const [H, dh, dr, dc, dv, S, off] = [4, 8, 6, 16, 8, 7, 3];
    const [q, lat, keys, kvb] = [rand(off + H * (dh + dr)), rand(S * dc), rand(S * dr), rand(dc * H * (dh + dv))];
    const { cos, sin } = rope.rows(S - 1, 1);
    const L = attentionLayout(H, dr, dv, S);
    const [gpu, cpu] = await both(
      () =>
        mlaAttention({
          q: tf.tensor1d(q),
          offset: off,
          latent: tf.tensor2d(lat, [S, dc]),
          ropeKey: tf.tensor2d(keys, [S, dr]),
          kvBProj: tf.tensor2d(kvb, [dc, H * (dh + dv)]),
          cs: tf.tensor2d([...cos, ...sin], [2, dr]),
          heads: H,
          nope: dh,
          vDim: dv,
          scale: 0.3,
        }),
      () => {
        const q4 = tf.tensor4d(q.slice(off), [1, 1, H, dh + dr]); // [1, 1, n_h, d_h + d_h^R]
        const qRope = rope.apply(tf.slice(q4, [0, 0, 0, dh], [1, 1, H, dr]), S - 1); // [1, 1, n_h, d_h^R]
        const r = absorbedAttention(
          {
            qNope: tf.reshape(tf.slice(q4, [0, 0, 0, 0], [1, 1, H, dh]), [1, H, dh]), // [B·T, n_h, d_h]
            qRope: tf.reshape(qRope, [1, H, dr]), // [B·T, n_h, d_h^R]
            latent: tf.tensor3d(lat, [1, S, dc]),
            ropeKey: tf.tensor3d(keys, [1, S, dr]),
            kvBProj: tf.tensor2d(kvb, [dc, H * (dh + dv)]),
          },
          { batch: 1, queries: 1, keys: S, start: S - 1, nHeads: H, nope: dh, vDim: dv, latent: dc, scale: 0.3 },
        );
        return tf.concat([r.heads, qRope, r.probs, r.nopeLogits, r.ropeLogits].map((t) => tf.reshape(t, [-1])));
      },
    );
    expect(gpu.length).toBe(L.size);
    expectClose(gpu, cpu);
  });

  const routerCase = async (c: DeepseekV2Config) => {
    const d = c.hidden_size;
    const nr = c.n_routed_experts as number;
    const [x, gain, gate] = [rand(d), rand(d), rand(d * nr, 2)];
    const L = routerLayout(nr, c.n_group);
    const [gpu, cpu] = await both(
      () => routerKernel(tf.tensor1d(x), tf.tensor1d(gain), tf.tensor2d(gate, [d, nr]), c, routeCounts(c)),
      () => {
        const h = rmsNorm(tf.tensor2d(x, [1, d]), tf.tensor1d(gain), c.rms_norm_eps); // [1, d]
        const r = route(tf.tensor2d(gate, [d, nr]), h, c);
        return tf.concat([r.probs, r.mask, r.gates, r.groupMask, r.groupScores].map((t) => tf.reshape(t, [-1])));
      },
    );
    expect(gpu.length).toBe(L.size);
    expectClose(gpu, cpu);
    const chosen = Array.from(gpu.slice(L.mask, L.mask + nr)).filter((v) => v === 1).length;
    expect(chosen).toBe(routeCounts(c).k);
  };

  it('routerKernel: group-limited greedy (K 3 of 8 in 2 of 4 groups)', async () => {
    await routerCase(TINY_TEST);
  });

  it('routerKernel: greedy, renormalised gates', async () => {
    await routerCase(
      parseConfig({ ...TINY_TEST, topk_method: 'greedy', n_group: 1, topk_group: 1, norm_topk_prob: true }),
    );
  });

  /** Random SwiGLU weights of width ff for d inputs, as host arrays and a tensor factory. */
  const mlpWeights = (d: number, ff: number) => {
    const [g, u, w] = [rand(d * ff), rand(d * ff), rand(ff * d)];
    return (): MlpParams => ({
      gateProj: tf.tensor2d(g, [d, ff]),
      upProj: tf.tensor2d(u, [d, ff]),
      downProj: tf.tensor2d(w, [ff, d]),
    });
  };

  it('swigluHidden and ffnDown: the chosen routed experts and the shared ones, against moe()', async () => {
    const c = TINY_TEST;
    const [d, nr, ffe] = [c.hidden_size, c.n_routed_experts as number, c.moe_intermediate_size];
    const [x, gain, gate] = [rand(d), rand(d), rand(d * nr, 2)];
    const experts = mlpWeights(d, nr * ffe);
    const shared = mlpWeights(d, (c.n_shared_experts as number) * ffe);
    const [gpu, cpu] = await both(
      () => {
        const [xt, g] = [tf.tensor1d(x), tf.tensor1d(gain)];
        const router = routerKernel(xt, g, tf.tensor2d(gate, [d, nr]), c, routeCounts(c));
        const routed = { router, gatesAt: routerLayout(nr, c.n_group).gates, perExpert: ffe };
        const [e, sh] = [experts(), shared()];
        const hidden = swigluHidden(xt, g, c.rms_norm_eps, e, routed, sh);
        return ffnDown(xt, hidden, e.downProj, routed, sh.downProj); // [out | ffn | routed | shared]
      },
      () => {
        const xt = tf.tensor2d(x, [1, d]); // [1, d]
        const u = rmsNorm(xt, tf.tensor1d(gain), c.rms_norm_eps); // [1, d]
        const sh = shared();
        const { y } = moe({ gate: tf.tensor2d(gate, [d, nr]), experts: experts(), sharedExperts: sh }, u, c);
        const s = mlp(sh, u); // [1, d]
        return tf.concat([tf.add(xt, y), y, tf.sub(y, s), s], 1); // [1, 4·d]
      },
    );
    expectClose(gpu, cpu);
  });

  it('swigluHidden and ffnDown: a dense MLP, against mlp()', async () => {
    const [d, ff] = [24, 40];
    const [x, gain] = [rand(d), rand(d)];
    const weights = mlpWeights(d, ff);
    const [gpu, cpu] = await both(
      () => {
        const [xt, w] = [tf.tensor1d(x), weights()];
        const hidden = swigluHidden(xt, tf.tensor1d(gain), 1e-6, w, null, null); // [d_ff]
        return ffnDown(xt, hidden, w.downProj, null, null); // [out | ffn]
      },
      () => {
        const xt = tf.tensor2d(x, [1, d]); // [1, d]
        const y = mlp(weights(), rmsNorm(xt, tf.tensor1d(gain), 1e-6)); // [1, d]
        return tf.concat([tf.add(xt, y), y], 1); // [1, 2·d]
      },
    );
    expectClose(gpu, cpu);
  });
});
