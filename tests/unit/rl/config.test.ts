import { describe, expect, it } from 'vitest';
import { GRPO_DEFAULTS, GrpoConfigError, validateHyper } from '../../../src/rl/config';

describe('GRPO settings', () => {
  it('refuse β out of range when set, naming the range', () => {
    expect(validateHyper({ ...GRPO_DEFAULTS, beta: 10 }).beta).toBe(10);
    for (const beta of [1e308, 10.5, Infinity]) {
      expect(() => validateHyper({ ...GRPO_DEFAULTS, beta })).toThrow(GrpoConfigError);
      expect(() => validateHyper({ ...GRPO_DEFAULTS, beta })).toThrow(
        /the KL coefficient β must be a number in \[0, 10\]/,
      );
    }
  });
});
