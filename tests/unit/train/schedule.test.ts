import { describe, expect, it } from 'vitest';
import { learningRate, type ScheduleOptions } from '../../../src/train/schedule';

const base: ScheduleOptions = { lr: 1e-3, minLr: 1e-4, warmupSteps: 10, totalSteps: 110, decay: 'cosine' };

describe('learningRate', () => {
  it('warms up linearly from lr/warmup to the peak', () => {
    expect(learningRate(0, base)).toBeCloseTo(1e-4, 12);
    expect(learningRate(4, base)).toBeCloseTo(5e-4, 12);
    expect(learningRate(9, base)).toBeCloseTo(1e-3, 12);
  });

  it('cosine: peak after warm-up, halfway at the middle, floor at the last step and after', () => {
    expect(learningRate(10, base)).toBeCloseTo(1e-3, 12);
    expect(learningRate(10 + 99 / 2, base)).toBeCloseTo(5.5e-4, 12);
    expect(learningRate(109, base)).toBeCloseTo(1e-4, 12);
    expect(learningRate(500, base)).toBeCloseTo(1e-4, 12);
    for (let s = 10; s < 109; s++) expect(learningRate(s + 1, base)).toBeLessThanOrEqual(learningRate(s, base));
  });

  it("step: DeepSeek-V2's ×0.316 at 60% and 90% of the steps, never below the floor", () => {
    const o: ScheduleOptions = { ...base, decay: 'step', totalSteps: 100, minLr: 0 };
    expect(learningRate(59, o)).toBe(1e-3);
    expect(learningRate(60, o)).toBeCloseTo(3.16e-4, 12);
    expect(learningRate(89, o)).toBeCloseTo(3.16e-4, 12);
    expect(learningRate(90, o)).toBeCloseTo(0.316 * 0.316 * 1e-3, 12);
    expect(learningRate(95, { ...o, minLr: 2e-4 })).toBe(2e-4);
  });

  it('no warm-up starts at the peak', () => {
    expect(learningRate(0, { ...base, warmupSteps: 0 })).toBe(1e-3);
  });
});
