/**
 * The GRPO worker's lost-GPU path, on a tiny random model: the fake "webgpu" device is lost during
 * a run. The run must stop after its current step, the host must choose the next backend and
 * rebuild policy, reference and optimizer from the checkpoint after the previous run, and the
 * steps run from there must be the steps an unbroken run makes.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toConfigJson } from '../../../src/model/config';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { initWeights } from '../../../src/model/weights';
import { GRPO_DEFAULTS, type GrpoHyper } from '../../../src/rl/config';
import type { GrpoStepEvent } from '../../../src/rl/events';
import type { BackendHooks } from '../../../src/worker/backendKeeper';
import { GrpoHost } from '../../../src/worker/grpo/grpoHost';
import type { GrpoEvalSettings, GrpoEvent } from '../../../src/worker/grpo/protocol';
import { FIXTURE_CONFIG, SHIPPED_TOKENIZER } from '../cli/fixtureModel';
import { FAKE_GPU, fetchFrom, losableGpu, registerFakeGpu, select, unregisterFakeGpu } from './fakeGpu';

const BASE = 'http://grpo.test/fixture/';
/** a reward that varies within a group, so steps do update the policy. */
const HYPER: GrpoHyper = { ...GRPO_DEFAULTS, task: 'story-length', prompts: 1, group: 4, lr: 1e-2 };
const EVALUATION: GrpoEvalSettings = { heldOut: 1, evalEvery: 100 };

function driven(hooks: Partial<BackendHooks>, onEvent: (e: GrpoEvent) => void = () => {}) {
  const events: GrpoEvent[] = [];
  const host = new GrpoHost((e) => {
    events.push(e);
    onEvent(e);
  }, hooks);
  const of = <T extends GrpoEvent['type']>(type: T) =>
    events.filter((e): e is Extract<GrpoEvent, { type: T }> => e.type === type);
  const run = (steps: number) => host.handle({ type: 'run', steps, hyper: HYPER, evaluation: EVALUATION });
  host.handle({ type: 'init', order: ['webgpu', 'cpu'], base: BASE, hyper: HYPER, evaluation: EVALUATION });
  return { host, of, run };
}

/** What must come out the same for the same step: the rewards, the loss and the KL. */
const summary = (e: GrpoStepEvent) => ({
  step: e.step,
  meanReward: e.meanReward,
  loss: e.loss,
  kl: e.kl,
  rewards: e.groups.map((g) => g.outputs.map((o) => o.reward)),
});

describe('GrpoHost after a lost GPU device', () => {
  let before = '';
  beforeAll(() => {
    before = tf.getBackend();
    vi.stubGlobal(
      'fetch',
      fetchFrom({
        [`${BASE}config.json`]: JSON.stringify(toConfigJson(FIXTURE_CONFIG)),
        [`${BASE}tokenizer.json`]: readFileSync(SHIPPED_TOKENIZER, 'utf8'),
        [`${BASE}model.safetensors`]: serializeSafetensors(initWeights(FIXTURE_CONFIG, 7), 'F32'),
      }),
    );
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await unregisterFakeGpu(before);
  });

  it(
    'stops the run, falls back to another backend and goes on from the last checkpoint, as an unbroken run',
    {
      timeout: 240_000,
    },
    async () => {
      // unbroken, on cpu: a run of 1 step, then one of 2
      const unbroken = driven({ select: () => select(['cpu']), deviceLoss: () => null });
      unbroken.run(1);
      unbroken.run(2);
      await unbroken.host.idle();
      expect(unbroken.of('error')).toEqual([]);
      const expected = unbroken.of('step').map((e) => summary(e.event));
      expect(expected.map((e) => e.step)).toEqual([1, 2, 3]);
      expect(expected.some((e) => !Number.isNaN(e.loss))).toBe(true); // some step did update the policy

      // on the fake GPU: a run of 1 step (checkpointed after it), then a run of 3 whose device is lost at its first step's event
      registerFakeGpu();
      const gpu = losableGpu();
      const lossy = driven(gpu.hooks, (e) => {
        if (e.type === 'step' && e.event.step === 2 && tf.getBackend() === FAKE_GPU) gpu.lose();
      });
      lossy.run(1);
      lossy.run(3);
      await lossy.host.idle();
      await lossy.host.idle(); // the recovery, queued when the loss was heard
      expect(lossy.of('error')).toEqual([]);
      expect(lossy.of('deviceLost')).toHaveLength(1);
      expect(lossy.of('backend').map((e) => e.status.active)).toEqual(['webgpu', 'cpu']);
      expect(lossy.of('backend')[1].status.attempts[0]).toMatchObject({ name: 'webgpu', ok: false });
      expect(lossy.of('restored')).toEqual([{ type: 'restored', step: 1 }]);
      // the loss is heard a microtask after step 2's event, in step 3: the run stops after it, as on a pause
      expect(lossy.of('step').map((e) => [e.event.step, e.remaining])).toEqual([
        [1, 0],
        [2, 2],
        [3, 0],
      ]);

      lossy.run(2);
      await lossy.host.idle();
      expect(lossy.of('error')).toEqual([]);
      const steps = lossy.of('step').map((e) => summary(e.event));
      expect(steps.map((e) => e.step)).toEqual([1, 2, 3, 2, 3]);
      expect(steps.slice(0, 3)).toEqual(expected); // the fake GPU runs the cpu kernels
      expect(steps.slice(3)).toEqual(expected.slice(1));
    },
  );
});
