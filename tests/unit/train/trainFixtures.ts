/** Shared fixtures for the training tests: a tiny run config and a learnable synthetic corpus. */
import { Rng } from '../../../src/model/rng';
import { parseTrainConfig, type TrainRunConfig } from '../../../src/train/trainConfig';

/** TINY_TEST (V = 64, 3 layers, 8 experts in 4 groups) with short sequences and a fast schedule. */
export function tinyRun(train: Record<string, unknown> = {}, model: Record<string, unknown> = {}): TrainRunConfig {
  return parseTrainConfig({
    model: { preset: 'tiny-test', device_balance_alpha: 0.05, comm_balance_alpha: 0.02, ...model },
    train: { seed: 3, batchSize: 4, seqLen: 16, steps: 40, lr: 1e-2, minLr: 1e-3, warmupSteps: 2, ...train },
  });
}

/** Tokens 0..63: a few repeating phrases with 10% noise, so a model can learn the next token. */
export function syntheticCorpus(n = 4000, seed = 5): Int32Array {
  const rng = new Rng(seed);
  const phrases = [
    [1, 2, 3, 4, 5, 6, 7],
    [10, 11, 12, 13],
    [20, 21, 22, 23, 24, 25, 26, 27, 28],
    [40, 41, 42, 43, 44],
  ];
  const out: number[] = [];
  while (out.length < n) {
    for (const t of phrases[rng.int(phrases.length)]) out.push(rng.next() < 0.1 ? rng.int(64) : t);
    out.push(63);
  }
  return Int32Array.from(out.slice(0, n));
}
