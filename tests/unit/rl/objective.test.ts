import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { grpoObjective, k3Kl, tokenLogProbs } from '../../../src/rl/objective';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';

beforeAll(async () => {
  await selectNodeBackend();
});

const t2 = (rows: number[][]) => tf.tensor2d(rows);

/** The objective's terms for log-ratios `logRatio` and advantages `adv` (one row), as host arrays. */
function terms(logRatio: number[], adv: number[], epsilon = 0.2, beta = 0) {
  const n = logRatio.length;
  const logp = t2([logRatio]);
  const old = tf.zeros([1, n]) as tf.Tensor2D;
  const w = tf.fill([1, n], 1 / n) as tf.Tensor2D;
  const a = t2([adv]);
  const t = grpoObjective({ logp, oldLogp: old, refLogp: old, advantages: a, weights: w, epsilon, beta });
  // d loss / d logp: zero exactly where the clipped branch is taken
  const grad = tf.grad(
    (x: tf.Tensor) =>
      grpoObjective({ logp: x as tf.Tensor2D, oldLogp: old, refLogp: old, advantages: a, weights: w, epsilon, beta })
        .loss,
  )(logp);
  const out = {
    ratio: Array.from(t.ratio.dataSync()),
    clipped: Array.from(t.clipped.dataSync()),
    grad: Array.from(grad.dataSync()),
    loss: t.loss.dataSync()[0],
  };
  tf.dispose([logp, old, w, a, grad, t.loss, t.ratio, t.clipped, t.kl, t.meanKl]);
  return out;
}

describe('k3 KL (DeepSeekMath eq. (4))', () => {
  it('is exactly zero when the policy equals the reference', () => {
    const lp = t2([[-0.1, -2.3, -7, -0.0001]]);
    const kl = k3Kl(lp, lp);
    expect(Array.from(kl.dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([lp, kl]);
  });

  it('is positive otherwise and equals x − log x − 1 with x = π_ref/π', () => {
    const logp = [-0.5, -2, -1, -3];
    const ref = [-1.5, -0.1, -1.01, -2];
    const kl = k3Kl(t2([logp]), t2([ref]));
    const got = Array.from(kl.dataSync());
    got.forEach((v, i) => {
      const x = Math.exp(ref[i] - logp[i]);
      expect(v).toBeGreaterThan(0);
      expect(v).toBeCloseTo(x - Math.log(x) - 1, 5);
    });
    kl.dispose();
  });

  it('pulls log π toward log π_ref with gradient coefficient β(π_ref/π − 1) (DeepSeekMath eq. (4))', () => {
    const logp = t2([[-1, -2]]);
    const ref = t2([[-1.5, -1]]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(k3Kl(x, ref)))(logp);
    const d = g.dataSync();
    // d/dlogp (e^Δ − Δ − 1) with Δ = ref − logp is −(e^Δ − 1) = −(π_ref/π − 1)
    expect(d[0]).toBeCloseTo(-(Math.exp(-0.5) - 1), 5);
    expect(d[1]).toBeCloseTo(-(Math.exp(1) - 1), 5);
    tf.dispose([logp, ref, g]);
  });
});

describe('the clipped surrogate', () => {
  const ratios = [0.7, 0.79, 0.81, 1, 1.19, 1.21, 1.5];
  const logRatio = ratios.map(Math.log);

  it('with Â > 0, clips only ratios above 1 + ε (gradient 0 there)', () => {
    const t = terms(logRatio, new Array(ratios.length).fill(1));
    expect(t.clipped).toEqual([0, 0, 0, 0, 0, 1, 1]);
    t.grad.forEach((g, i) => (t.clipped[i] ? expect(g).toBe(0) : expect(g).toBeLessThan(0)));
  });

  it('with Â < 0, clips only ratios below 1 − ε (gradient 0 there)', () => {
    const t = terms(logRatio, new Array(ratios.length).fill(-1));
    expect(t.clipped).toEqual([1, 1, 0, 0, 0, 0, 0]);
    t.grad.forEach((g, i) => (t.clipped[i] ? expect(g).toBe(0) : expect(g).toBeGreaterThan(0)));
  });

  it('with Â = 0 nothing is clipped and ε = 0 clips every move in the penalised direction', () => {
    expect(terms(logRatio, new Array(ratios.length).fill(0)).clipped).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(terms(logRatio, new Array(ratios.length).fill(1), 0).clipped).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('the loss is −mean(min(ρÂ, clip(ρ)Â)) − … by hand', () => {
    const t = terms([Math.log(1.5), Math.log(0.5)], [2, -1]);
    // token 1: min(3, 1.2·2) = 2.4; token 2: min(−0.5, −0.8) = −0.8; loss = −(2.4 − 0.8)/2
    expect(t.loss).toBeCloseTo(-0.8, 5);
    expect(t.ratio[0]).toBeCloseTo(1.5, 5);
  });
});

describe('tokenLogProbs', () => {
  it('equals log softmax at the targets, and its gradient is oneHot − softmax', () => {
    const logits = tf.tensor3d([
      [
        [1, 2, 3],
        [0, -1, 4],
      ],
    ]);
    const targets = tf.tensor2d([[2, 1]], [1, 2], 'int32');
    const lp = tokenLogProbs(logits, targets);
    const ref = tf.logSoftmax(logits);
    const r = ref.dataSync();
    expect(lp.dataSync()[0]).toBeCloseTo(r[2], 5);
    expect(lp.dataSync()[1]).toBeCloseTo(r[4], 5);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tokenLogProbs(x as tf.Tensor3D, targets)))(logits);
    const p = tf.softmax(logits).dataSync();
    const gd = g.dataSync();
    const oneHot = [0, 0, 1, 0, 1, 0];
    gd.forEach((v, i) => expect(v).toBeCloseTo(oneHot[i] - p[i], 5));
    tf.dispose([logits, targets, lp, ref, g]);
  });
});
