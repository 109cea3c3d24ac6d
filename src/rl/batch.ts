/**
 * The sampled outputs as one padded batch: row n is prompt_n + output_n, padded on the right. The
 * model is causal, so padding never changes the log-probs of earlier positions. Position p of the
 * target axis holds the log-prob of row token p+1, so output token k of row n sits at
 * p = promptLength_n − 1 + k.
 */
import * as tf from '@tensorflow/tfjs-core';
import { tidyObject } from '../model/tidy';

/** One row: prompt ids, output ids, the output's per-token advantages and loss weight per token. */
export interface BatchRow {
  prompt: number[];
  output: number[];
  /** Â per output token. [|o|] */
  advantages: number[];
  /** the row's weight per token: 1/(|o|·outputs), DeepSeekMath eq. 3's mean over tokens, then outputs. */
  weight: number;
}

export interface GrpoBatch {
  /** [N, L−1] int32 */
  inputs: tf.Tensor2D;
  /** [N, L−1] int32 */
  targets: tf.Tensor2D;
  /** [N, L−1] */
  advantages: tf.Tensor2D;
  /** [N, L−1] */
  weights: tf.Tensor2D;
  /** per row: where its first output token sits on the target axis, and how many there are. */
  spans: { start: number; length: number }[];
}

/** Builds the batch; `pad` is any valid token id. */
export function buildBatch(rows: readonly BatchRow[], pad: number): GrpoBatch {
  const N = rows.length;
  const L = Math.max(...rows.map((r) => r.prompt.length + r.output.length));
  const T = L - 1;
  const ids = new Int32Array(N * L).fill(pad);
  const adv = new Float32Array(N * T);
  const w = new Float32Array(N * T);
  const spans = rows.map((r, n) => {
    ids.set([...r.prompt, ...r.output], n * L);
    const start = r.prompt.length - 1;
    r.output.forEach((_, k) => {
      adv[n * T + start + k] = r.advantages[k];
      w[n * T + start + k] = r.weight;
    });
    return { start, length: r.output.length };
  });
  return tidyObject(() => {
    const all = tf.tensor2d(ids, [N, L], 'int32'); // [N, L]
    return {
      inputs: tf.slice(all, [0, 0], [N, T]) as tf.Tensor2D, // [N, T]
      targets: tf.slice(all, [0, 1], [N, T]) as tf.Tensor2D, // [N, T]
      advantages: tf.tensor2d(adv, [N, T]), // [N, T]
      weights: tf.tensor2d(w, [N, T]), // [N, T]
      spans,
    };
  });
}

export function disposeBatch(b: GrpoBatch): void {
  tf.dispose([b.inputs, b.targets, b.advantages, b.weights]);
}

/** Row n's output span of a [N, T] host array. */
export function rowSpan(data: ArrayLike<number>, T: number, n: number, span: { start: number; length: number }) {
  return Array.from({ length: span.length }, (_, k) => data[n * T + span.start + k]);
}
