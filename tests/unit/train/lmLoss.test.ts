import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { lmLoss } from '../../../src/train/lmLoss';

/** −log softmax(row)[target], in float64. */
function ce(row: number[], target: number): number {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
  return lse - row[target];
}

const logits = [
  [
    [1, 2, 3, 0.5],
    [-1, 0, 4, 2],
  ],
  [
    [0.25, 0.25, 0.25, 0.25],
    [10, -10, 3, 1],
  ],
]; // [B=2, T=2, V=4]
const targets = [
  [2, 0],
  [1, 3],
];

describe('lmLoss', () => {
  beforeAll(async () => {
    await selectNodeBackend();
  });

  it('equals the hand-computed mean cross-entropy', async () => {
    const want = (ce(logits[0][0], 2) + ce(logits[0][1], 0) + ce(logits[1][0], 1) + ce(logits[1][1], 3)) / 4;
    const l = lmLoss(tf.tensor3d(logits), tf.tensor2d(targets, [2, 2], 'int32'));
    expect((await l.data())[0]).toBeCloseTo(want, 5);
    l.dispose();
  });

  it('uniform logits give ln V; huge logits stay finite', async () => {
    const V = 1536;
    const u = lmLoss(tf.zeros([3, V]), tf.tensor1d([0, 5, V - 1], 'int32'));
    expect((await u.data())[0]).toBeCloseTo(Math.log(V), 4);
    const big = lmLoss(tf.tensor2d([[1e30, 0, -1e30]]), tf.tensor1d([1], 'int32'));
    expect((await big.data())[0]).toBeCloseTo(1e30, -25);
    tf.dispose([u, big]);
  });

  it('gradient is (softmax − oneHot)/N, as the generic tfjs chain computes it', async () => {
    const x = tf.tensor3d(logits);
    const y = tf.tensor2d(targets, [2, 2], 'int32');
    const g = tf.grad((z: tf.Tensor) => lmLoss(z, y))(x);
    const ref = tf.grad((z: tf.Tensor) =>
      tf.neg(
        tf.mean(
          tf.sum(
            tf.mul(
              tf.logSoftmax(z),
              tf.reshape(tf.cast(tf.oneHot(tf.reshape(y, [-1]) as tf.Tensor1D, 4), 'float32'), [2, 2, 4]),
            ),
            -1,
          ),
        ),
      ),
    )(x);
    const [a, b] = await Promise.all([g.data(), ref.data()]);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
    expect(g.shape).toEqual([2, 2, 4]);
    tf.dispose([x, y, g, ref]);
  });

  it('rejects mismatched targets and leaks nothing', () => {
    expect(() => tf.tidy(() => lmLoss(tf.zeros([2, 3, 4]), tf.zeros([5], 'int32')))).toThrow(
      /6 logit rows for 5 targets/,
    );
    const x = tf.zeros([2, 3, 4]);
    const y = tf.zeros([2, 3], 'int32');
    const n = tf.memory().numTensors;
    tf.grad((z: tf.Tensor) => lmLoss(z, y))(x).dispose();
    expect(tf.memory().numTensors).toBe(n);
    tf.dispose([x, y]);
  });
});
