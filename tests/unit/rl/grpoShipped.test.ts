/**
 * The target in small: from the shipped checkpoint, a few seeded GRPO steps (the same
 * code and settings as `npm run cli -- grpo`) raise greedy accuracy on the 200 held-out sums.
 * The full 100-step curve is in docs/benchmarks.md.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelDir } from '../../../src/cli/modelDir';
import { GRPO_DEFAULTS } from '../../../src/rl/config';
import { createGrpoState, disposeGrpoState } from '../../../src/rl/grpoState';
import { grpoStep } from '../../../src/rl/grpoStep';
import { heldOutAccuracy } from '../../../src/rl/heldOut';
import { heldOutAdditions } from '../../../src/rl/tasks';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';

beforeAll(async () => {
  await selectNodeBackend();
});

describe('GRPO on the shipped model', () => {
  it('6 seeded steps at G = 8 raise greedy held-out addition accuracy', async () => {
    const files = readModelDir('public/models/tinyseek');
    const tok = files.tokenizer!;
    const items = heldOutAdditions();
    const s = createGrpoState(files.config, files.weights, tok, { ...GRPO_DEFAULTS, seed: 1, group: 8 });
    try {
      const before = await heldOutAccuracy(s.policy, tok, items);
      expect(before.n).toBe(200);
      expect(before.accuracy).toBeCloseTo(0.46, 5); // the model card's figure
      const rewards: number[] = [];
      for (let i = 0; i < 6; i++) rewards.push((await grpoStep(s)).meanReward);
      const after = await heldOutAccuracy(s.policy, tok, items);
      expect(after.accuracy - before.accuracy).toBeGreaterThanOrEqual(0.05);
      expect(rewards.every(Number.isFinite)).toBe(true);
    } finally {
      disposeGrpoState(s);
    }
  });
});
