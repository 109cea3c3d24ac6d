/**
 * Group-relative advantages (docs/model.md#advantages), on host numbers. The baseline is the group itself: no
 * value model. std is the population standard deviation (divide by G), and ε keeps a group whose
 * rewards are all equal finite; such a group has no reward signal and is marked `skipped` (its
 * outputs still carry the KL term in the loss).
 */
import type { RewardOutput } from './rewards';

/** ε added to std (docs/model.md#advantages). */
export const ADVANTAGE_EPS = 1e-4;

export interface GroupAdvantages {
  /** per output, per token: Â_{i,t}. [G][|o_i|] */
  perToken: number[][];
  /** outcome supervision: Â_i of each output (every token gets it); process: Σ of its tokens' Â / |o_i|. [G] */
  perOutput: number[];
  /** mean and population std of the rewards the advantages were normalised with. */
  mean: number;
  std: number;
  /** all rewards equal: every advantage is 0, so the group adds only its KL term to the loss. */
  skipped: boolean;
}

/** Population mean and std. */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

const allEqual = (xs: readonly number[]) => xs.every((x) => x === xs[0]);

/** Outcome supervision: Â_{i,t} = (r_i − mean(r)) / (std(r) + ε) for every token t of output i. */
export function outcomeAdvantages(rewards: readonly number[], lengths: readonly number[], eps = ADVANTAGE_EPS) {
  const { mean, std } = meanStd(rewards);
  const skipped = allEqual(rewards);
  const perOutput = rewards.map((r) => (skipped ? 0 : (r - mean) / (std + eps)));
  const perToken = perOutput.map((a, i) => new Array<number>(lengths[i]).fill(a));
  return { perToken, perOutput, mean, std, skipped };
}

/**
 * Process supervision: every step reward of every output is normalised by the mean and std of all
 * of them; a token's advantage is the sum of the normalised rewards of the steps ending at or after it.
 */
export function processAdvantages(
  steps: readonly RewardOutput['steps'][],
  lengths: readonly number[],
  eps = ADVANTAGE_EPS,
): GroupAdvantages {
  const all = steps.flatMap((s) => (s ?? []).map((x) => x.reward));
  if (all.length === 0) throw new Error('process supervision needs at least one step reward');
  const { mean, std } = meanStd(all);
  const skipped = allEqual(all);
  const perToken = lengths.map((n, i) => {
    const out = new Array<number>(n).fill(0);
    if (skipped) return out;
    for (const { end, reward } of steps[i] ?? []) {
      const norm = (reward - mean) / (std + eps);
      for (let t = 0; t <= Math.min(end, n - 1); t++) out[t] += norm;
    }
    return out;
  });
  const perOutput = perToken.map((a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0));
  return { perToken, perOutput, mean, std, skipped };
}

/** The group's advantages from its reward outputs. */
export function groupAdvantages(rewards: readonly RewardOutput[], lengths: readonly number[], process: boolean) {
  return process
    ? processAdvantages(
        rewards.map((r) => r.steps),
        lengths,
      )
    : outcomeAdvantages(
        rewards.map((r) => r.reward),
        lengths,
      );
}
