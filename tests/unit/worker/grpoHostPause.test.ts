/**
 * The GRPO worker honours Pause within a step (between groups), not only between steps, and
 * refuses sizes past the memory estimate before sampling anything.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toConfigJson } from '../../../src/model/config';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { initWeights } from '../../../src/model/weights';
import { GRPO_DEFAULTS, type GrpoHyper } from '../../../src/rl/config';
import { GrpoHost } from '../../../src/worker/grpo/grpoHost';
import type { GrpoEvalSettings, GrpoEvent } from '../../../src/worker/grpo/protocol';
import { FIXTURE_CONFIG, SHIPPED_TOKENIZER } from '../cli/fixtureModel';
import { fetchFrom, select } from './fakeGpu';

const BASE = 'http://grpo.test/pause/';
const HYPER: GrpoHyper = { ...GRPO_DEFAULTS, task: 'addition', prompts: 4, group: 4 };
const EVALUATION: GrpoEvalSettings = { heldOut: 1, evalEvery: 100 };

function driven(onEvent: (host: GrpoHost, e: GrpoEvent) => void = () => {}) {
  const events: GrpoEvent[] = [];
  const host: GrpoHost = new GrpoHost(
    (e) => {
      events.push(e);
      onEvent(host, e);
    },
    { select: () => select(['cpu']), deviceLoss: () => null },
  );
  host.handle({ type: 'init', base: BASE, hyper: HYPER, evaluation: EVALUATION });
  const of = <T extends GrpoEvent['type']>(type: T) =>
    events.filter((e): e is Extract<GrpoEvent, { type: T }> => e.type === type);
  return { host, of };
}

describe('GrpoHost: Pause and sizes', () => {
  beforeAll(() => {
    vi.stubGlobal(
      'fetch',
      fetchFrom({
        [`${BASE}config.json`]: JSON.stringify(toConfigJson(FIXTURE_CONFIG)),
        [`${BASE}tokenizer.json`]: readFileSync(SHIPPED_TOKENIZER, 'utf8'),
        [`${BASE}model.safetensors`]: serializeSafetensors(initWeights(FIXTURE_CONFIG, 7), 'F32'),
      }),
    );
  });
  afterAll(() => vi.unstubAllGlobals());

  it('a pause during a step stops it at the next group; the step changes nothing and a later run draws the same prompts', async () => {
    let pauses = 1;
    const paused = driven((host, e) => {
      if (e.type === 'group' && pauses-- > 0) host.handle({ type: 'pause' });
    });
    paused.host.handle({ type: 'run', steps: 3, hyper: HYPER, evaluation: EVALUATION });
    await paused.host.idle();
    expect(paused.of('error')).toEqual([]);
    expect(paused.of('group')).toHaveLength(1); // of 4
    expect(paused.of('step')).toEqual([]);
    expect(paused.of('running').map((e) => e.running)).toEqual([true, false]);

    paused.host.handle({ type: 'run', steps: 1, hyper: HYPER, evaluation: EVALUATION });
    await paused.host.idle();
    const step = paused.of('step').map((e) => e.event);
    expect(step.map((e) => e.step)).toEqual([1]);
    expect(step[0].groups[0].prompt).toEqual(paused.of('group')[0].group.prompt);
  });

  it('refuses 5,000 prompts per step before sampling, naming the limit', async () => {
    const big = driven();
    big.host.handle({ type: 'run', steps: 1, hyper: { ...HYPER, prompts: 5000 }, evaluation: EVALUATION });
    await big.host.idle();
    expect(big.of('group')).toEqual([]);
    expect(big.of('error').map((e) => e.message)).toEqual([
      expect.stringMatching(/prompts per step must be at most \d+/),
    ]);
  });
});
