import { describe, expect, it } from 'vitest';
import {
  ADVANTAGE_EPS,
  groupAdvantages,
  meanStd,
  outcomeAdvantages,
  processAdvantages,
} from '../../../src/rl/advantages';

describe('group-relative advantages (docs/model.md#advantages)', () => {
  it('outcome: (r − mean) / (std + ε) for every token, by hand', () => {
    // r = [1, 0, 0, 0]: mean 0.25, population std √(0.1875) = 0.4330127…
    const a = outcomeAdvantages([1, 0, 0, 0], [3, 2, 1, 4]);
    const std = Math.sqrt(0.1875);
    expect(a.mean).toBe(0.25);
    expect(a.std).toBeCloseTo(std, 12);
    expect(a.perOutput[0]).toBeCloseTo(0.75 / (std + ADVANTAGE_EPS), 12);
    expect(a.perOutput[0]).toBeCloseTo(1.731651, 5);
    expect(a.perOutput[1]).toBeCloseTo(-0.577217, 5);
    expect(a.perToken).toEqual([
      [a.perOutput[0], a.perOutput[0], a.perOutput[0]],
      [a.perOutput[1], a.perOutput[1]],
      [a.perOutput[2]],
      new Array(4).fill(a.perOutput[3]),
    ]);
    expect(a.skipped).toBe(false);
  });

  it('outcome advantages sum to about zero', () => {
    const a = outcomeAdvantages([0.3, 1.1, 0, 0.6, 1, 0], [1, 1, 1, 1, 1, 1]);
    expect(Math.abs(a.perOutput.reduce((x, y) => x + y, 0))).toBeLessThan(1e-12);
  });

  it('r = [1, 0] gives ±1 (up to ε)', () => {
    const a = outcomeAdvantages([1, 0], [1, 1]);
    expect(a.perOutput[0]).toBeCloseTo(0.5 / (0.5 + ADVANTAGE_EPS), 12);
    expect(a.perOutput[1]).toBeCloseTo(-0.5 / (0.5 + ADVANTAGE_EPS), 12);
  });

  it('a group whose rewards are all equal has zero advantages and is marked skipped', () => {
    const a = outcomeAdvantages([1, 1, 1], [2, 1, 3]);
    expect(a.skipped).toBe(true);
    expect(a.std).toBe(0);
    expect(a.perOutput).toEqual([0, 0, 0]);
    expect(a.perToken).toEqual([[0, 0], [0], [0, 0, 0]]);
  });

  it('process: step rewards normalised over the group, a token gets the sum of the steps ending at or after it', () => {
    // step rewards [1, 1] and [0]: all = [1, 1, 0], mean 2/3, std √(2/9)
    const std = Math.sqrt(2 / 9);
    const hi = 1 / 3 / (std + ADVANTAGE_EPS);
    const lo = -2 / 3 / (std + ADVANTAGE_EPS);
    const a = processAdvantages(
      [
        [
          { end: 0, reward: 1 },
          { end: 1, reward: 1 },
        ],
        [{ end: 0, reward: 0 }],
      ],
      [3, 2],
    );
    expect(a.mean).toBeCloseTo(2 / 3, 12);
    expect(a.std).toBeCloseTo(std, 12);
    expect(a.perToken[0][0]).toBeCloseTo(2 * hi, 12);
    expect(a.perToken[0][1]).toBeCloseTo(hi, 12);
    expect(a.perToken[0][2]).toBe(0);
    expect(a.perToken[1][0]).toBeCloseTo(lo, 12);
    expect(a.perToken[1][1]).toBe(0);
    expect(a.perOutput[0]).toBeCloseTo((3 * hi) / 3, 12);
  });

  it('process: equal step rewards everywhere are skipped', () => {
    const a = processAdvantages([[{ end: 0, reward: 1 }], [{ end: 1, reward: 1 }]], [1, 2]);
    expect(a.skipped).toBe(true);
    expect(a.perToken).toEqual([[0], [0, 0]]);
  });

  it('groupAdvantages picks outcome or process supervision', () => {
    const rewards = [
      { reward: 1, steps: [{ end: 0, reward: 1 }] },
      { reward: 0, steps: [{ end: 0, reward: 0 }] },
    ];
    expect(groupAdvantages(rewards, [1, 1], false).perOutput).toEqual(outcomeAdvantages([1, 0], [1, 1]).perOutput);
    expect(groupAdvantages(rewards, [1, 1], true).perToken).toEqual(
      processAdvantages(
        rewards.map((r) => r.steps),
        [1, 1],
      ).perToken,
    );
  });

  it('meanStd is the population estimate', () => {
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
  });
});
