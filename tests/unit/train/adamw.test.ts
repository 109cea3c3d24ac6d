import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { AdamW, clipScale, globalNorm } from '../../../src/train/adamw';

const opts = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

/** PyTorch AdamW in float64 for one parameter vector. */
function refStep(p: number[], g: number[], m: number[], v: number[], t: number, lr: number, wd: number) {
  const { beta1: b1, beta2: b2, eps } = opts;
  return p.map((pi, i) => {
    m[i] = b1 * m[i] + (1 - b1) * g[i];
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
    const denom = Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps;
    return pi * (1 - lr * wd) - (lr / (1 - b1 ** t)) * (m[i] / denom);
  });
}

describe('AdamW', () => {
  beforeAll(async () => {
    await selectNodeBackend();
  });
  afterEach(() => tf.disposeVariables());

  it('two steps equal the hand-computed update; matrices decay, vectors do not', async () => {
    const w0 = [0.5, -1, 2, 0.25]; // a [2, 2] matrix
    const b0 = [1, -0.5]; // a vector (RMSNorm gain)
    const w = tf.variable(tf.tensor2d(w0, [2, 2]));
    const b = tf.variable(tf.tensor1d(b0));
    const opt = new AdamW(
      [
        ['w', w],
        ['b', b],
      ],
      opts,
    );
    const grads = [
      [
        [0.1, -0.2, 0.3, 0.0],
        [1, 0.5],
      ],
      [
        [-0.3, 0.1, 0.2, 5],
        [-2, 0.25],
      ],
    ];
    let [pw, pb] = [w0, b0];
    const [mw, vw, mb, vb] = [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0],
      [0, 0],
    ];
    for (let t = 1; t <= 2; t++) {
      const lr = 0.01 * t;
      const [gw, gb] = grads[t - 1];
      opt.update([tf.tensor2d(gw, [2, 2]), tf.tensor1d(gb)], lr);
      pw = refStep(pw, gw, mw, vw, t, lr, 0.1);
      pb = refStep(pb, gb, mb, vb, t, lr, 0);
    }
    const [gotW, gotB] = await Promise.all([w.data(), b.data()]);
    pw.forEach((x, i) => expect(gotW[i]).toBeCloseTo(x, 6));
    pb.forEach((x, i) => expect(gotB[i]).toBeCloseTo(x, 6));
    expect(opt.step).toBe(2);
    opt.dispose();
  });

  it('global-norm clipping: norm over all tensors, factor min(1, max/(norm+1e-6))', async () => {
    const g = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])]; // ‖g‖ = 5
    const n = globalNorm(g);
    expect((await n.data())[0]).toBeCloseTo(5, 6);
    const s = clipScale(n, 1);
    expect((await s.data())[0]).toBeCloseTo(1 / (5 + 1e-6), 7);
    const keep = clipScale(n, 10);
    expect((await keep.data())[0]).toBe(1);
    // a clipped update uses the scaled gradient
    const p = tf.variable(tf.tensor1d([0, 0]));
    const opt = new AdamW([['p', p]], { ...opts, weightDecay: 0 });
    const m = [0, 0];
    const v = [0, 0];
    opt.update([tf.tensor1d([3, 4])], 0.1, s);
    const want = refStep([0, 0], [3 / (5 + 1e-6), 4 / (5 + 1e-6)], m, v, 1, 0.1, 0);
    const got = await p.data();
    want.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 6));
    tf.dispose([...g, n, s, keep]);
    opt.dispose();
  });

  it('exports and imports its state exactly; a discarded proposal changes nothing', async () => {
    const p = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
    const opt = new AdamW([['p', p]], opts);
    opt.update([tf.tensor2d([0.1, 0.2, -0.3, 0.4], [2, 2])], 0.01);
    const st = await opt.exportState();
    expect(st.step).toBe(1);
    expect(Array.from(st.m.get('p')!)).toHaveLength(4);
    const q = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]));
    const opt2 = new AdamW([['p', q]], opts);
    opt2.importState(st);
    const st2 = await opt2.exportState();
    expect(st2.step).toBe(1);
    expect(new Uint32Array(st2.v.get('p')!.buffer)).toEqual(new Uint32Array(st.v.get('p')!.buffer));
    const before = await p.data();
    const prop = opt.propose([tf.tensor2d([9, 9, 9, 9], [2, 2])], 1);
    opt.discard(prop);
    expect(await p.data()).toEqual(before);
    expect(opt.step).toBe(1);
    expect(() => opt2.importState({ step: 1, m: new Map(), v: new Map() })).toThrow(/no m for p/);
    opt.dispose();
    opt2.dispose();
  });

  it('creating and disposing the optimiser leaves no tensor behind', () => {
    const p = tf.variable(tf.zeros([3, 5]));
    const before = tf.memory().numTensors;
    new AdamW([['p', p]], opts).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
