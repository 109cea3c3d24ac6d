/**
 * GRPO's sizes are bounded by a memory estimate (src/rl/rlMemory.ts): the estimate must hold a
 * real step's measured peak, and sizes past it are refused with the limit named, at input time
 * in the lab's store and again in the worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelDir } from '../../../src/cli/modelDir';
import { GRPO_DEFAULTS } from '../../../src/rl/config';
import { createGrpoState, disposeGrpoState } from '../../../src/rl/grpoState';
import { grpoStep } from '../../../src/rl/grpoStep';
import { GRPO_MEMORY_BUDGET, grpoSizeLimits, grpoSizeProblem, grpoStepBytes } from '../../../src/rl/rlMemory';
import { taskRowLength } from '../../../src/rl/taskNames';
import { TASKS } from '../../../src/rl/tasks';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { GRPO_LAB_DEFAULTS, initialGrpoLab } from '../../../src/state/grpoSlice';
import { useAppStore } from '../../../src/state/store';
import { connectWorker } from '../../../src/state/workerLink';
import type { GrpoRequest } from '../../../src/worker/grpo/protocol';

const files = readModelDir('public/models/tinyseek');
const config = files.config;

beforeAll(async () => {
  await selectNodeBackend();
});

describe('the GRPO memory estimate', () => {
  it('holds the peak tfjs measures in real steps of the shipped model', async () => {
    for (const [prompts, group] of [
      [1, 4],
      [3, 8],
    ]) {
      const s = createGrpoState(config, files.weights, files.tokenizer!, { ...GRPO_DEFAULTS, prompts, group });
      try {
        const before = tf.memory().numBytes;
        const profile = await tf.profile(async () => {
          await grpoStep(s);
        });
        const measured = profile.peakBytes - before;
        expect(measured).toBeGreaterThan(0);
        expect(grpoStepBytes(config, prompts * group, taskRowLength('addition'))).toBeGreaterThanOrEqual(measured);
      } finally {
        disposeGrpoState(s);
      }
    }
  });

  it('bounds every row a task can make by its row length', () => {
    for (const task of Object.values(TASKS)) {
      const longest = Math.max(
        ...Array.from({ length: 200 }, (_, i) => {
          const rng = { int: (n: number) => i % n, nextUint32: () => i } as never;
          return files.tokenizer!.encode(task.draw(rng).text).length + 1;
        }),
      );
      expect(longest + task.maxNew).toBeLessThanOrEqual(taskRowLength(task.name as never));
    }
  });

  it('refuses 5,000 prompts per step, naming the limit, and accepts the limit itself', () => {
    const seq = taskRowLength('addition');
    const lim = grpoSizeLimits(config, seq, 8);
    expect(grpoStepBytes(config, lim.prompts * 8, seq)).toBeLessThanOrEqual(GRPO_MEMORY_BUDGET);
    expect(grpoStepBytes(config, (lim.prompts + 1) * 8, seq)).toBeGreaterThan(GRPO_MEMORY_BUDGET);
    const sizes = { prompts: 5000, group: 8, heldOut: 20 };
    expect(grpoSizeProblem(config, 'addition', sizes)).toContain(`at most ${lim.prompts}`);
    expect(grpoSizeProblem(config, 'addition', { ...sizes, prompts: lim.prompts })).toBeNull();
    expect(grpoSizeProblem(config, 'addition', { ...GRPO_LAB_DEFAULTS, heldOut: 20 })).toBeNull();
    expect(grpoSizeProblem(config, 'story-length', { ...sizes, prompts: 1, group: 5000 })).toMatch(
      /G must be at most \d+/,
    );
    expect(grpoSizeProblem(config, 'addition', { ...sizes, prompts: 1, heldOut: 100_000 })).toMatch(
      /held-out sums must be at most \d+/,
    );
  });

  it('the lab says so as the size is typed, and Run sends nothing', () => {
    const sent: GrpoRequest[] = [];
    connectWorker('grpo', { send: (r) => sent.push(r) });
    useAppStore.setState({ grpo: { ...initialGrpoLab(), status: 'ready', config } });
    const a = useAppStore.getState();
    a.grpoSetHyper({ prompts: 5000 });
    expect(useAppStore.getState().grpo.error).toMatch(/prompts per step must be at most \d+ at G = 8/);
    a.grpoRun();
    expect(sent).toEqual([]);
    a.grpoSetHyper({ prompts: 2 });
    expect(useAppStore.getState().grpo.error).toBeNull();
    a.grpoRun();
    expect(sent.map((r) => r.type)).toEqual(['run']);
    connectWorker('grpo', null);
  });
});
