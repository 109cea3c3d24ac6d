import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { namedParams } from '../../../src/model/params';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { initWeights } from '../../../src/model/weights';
import { GRPO_DEFAULTS, GrpoConfigError, type GrpoHyper } from '../../../src/rl/config';
import { createGrpoState, disposeGrpoState, resetReference, setHyper, type GrpoState } from '../../../src/rl/grpoState';
import { grpoStep, RewardError } from '../../../src/rl/grpoStep';
import type { GrpoTask } from '../../../src/rl/tasks';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { FIXTURE_CONFIG, SHIPPED_TOKENIZER } from '../cli/fixtureModel';

const tok = BpeTokenizer.fromJSON(JSON.parse(readFileSync(SHIPPED_TOKENIZER, 'utf8')));
const weights = initWeights(FIXTURE_CONFIG, 7);

/** A task for a random-weight model: reward = share of the output's ids that are even (varies within a group). */
const evenTask = (reward?: GrpoTask['reward']): GrpoTask => ({
  name: 'even-ids',
  label: 'share of even token ids',
  maxNew: 3,
  process: false,
  draw: () => ({ text: 'Once upon' }),
  reward: reward ?? ((_, c) => ({ reward: c.ids.filter((id) => id % 2 === 0).length / c.ids.length })),
});

const hyper = (h: Partial<GrpoHyper> = {}): GrpoHyper => ({ ...GRPO_DEFAULTS, group: 4, prompts: 2, lr: 1e-2, ...h });

let state: GrpoState | null = null;
const start = (h: Partial<GrpoHyper> = {}, task = evenTask()) =>
  (state = createGrpoState(FIXTURE_CONFIG, weights, tok, hyper(h), task));

/** Every parameter's float32 bits, in order. */
async function bits(s: GrpoState): Promise<Uint32Array[]> {
  const out: Uint32Array[] = [];
  for (const [, t] of namedParams(s.policy.params))
    out.push(new Uint32Array(((await t.data()) as Float32Array).slice().buffer));
  return out;
}

beforeAll(async () => {
  await selectNodeBackend();
});
afterEach(() => {
  if (state) disposeGrpoState(state);
  state = null;
});

describe('grpoStep on a tiny model', () => {
  it('emits the groups, rewards, advantages and per-token ratio, clip and KL of a step', async () => {
    const s = start();
    const sampled: number[] = [];
    const e = await grpoStep(s, { onGroup: (g) => sampled.push(g.index) });
    expect(sampled).toEqual([0, 1]);
    expect(e.step).toBe(1);
    expect(e.groups).toHaveLength(2);
    for (const g of e.groups) {
      expect(g.outputs).toHaveLength(4);
      const sum = g.outputs.reduce((a, o) => a + o.advantage, 0);
      expect(Math.abs(sum)).toBeLessThan(1e-9);
      for (const o of g.outputs) {
        const n = o.ids.length;
        for (const k of ['advantages', 'logpOld', 'logpRef', 'ratio', 'clipped', 'kl', 'ratioAfter'] as const)
          expect(o[k]).toHaveLength(n);
        // μ = 1: the update starts from π_θold, so ρ = 1 and nothing is clipped; π_ref = π_θold at step 1
        o.ratio.forEach((r) => expect(r).toBeCloseTo(1, 5));
        expect(o.clipped.every((c) => !c)).toBe(true);
        o.kl.forEach((k) => expect(Math.abs(k)).toBeLessThan(1e-6));
        o.logpOld.forEach((lp, t) => expect(lp).toBeCloseTo(o.logpRef[t], 5));
      }
    }
    expect(e.inner).toHaveLength(1); // μ = 1: one update, whatever the rewards
  });

  it('an update raises the log-probability of positive-advantage outputs and lowers the negative ones', async () => {
    const s = start({ group: 2, prompts: 1, lr: 3e-3, beta: 0 });
    let checked = 0;
    for (let i = 0; i < 6; i++) {
      const e = await grpoStep(s);
      for (const g of e.groups.filter((x) => !x.skipped)) {
        for (const o of g.outputs) {
          const moved = o.ratioAfter.reduce((a, r) => a + Math.log(r), 0); // Σ_t log π_new/π_old
          expect(Math.sign(moved)).toBe(Math.sign(o.advantage));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('with μ > 1 the later updates see ρ ≠ 1, and KL grows once the policy leaves the reference', async () => {
    const s = start({ mu: 3, epsilon: 0.01, lr: 3e-2 });
    const e1 = await grpoStep(s);
    const ratios = e1.groups.flatMap((g) => g.outputs.flatMap((o) => o.ratio));
    expect(ratios.some((r) => Math.abs(r - 1) > 1e-3)).toBe(true);
    expect(e1.inner).toHaveLength(3);
    const e2 = await grpoStep(s);
    expect(e2.groups.flatMap((g) => g.outputs.flatMap((o) => o.kl)).some((k) => k > 1e-6)).toBe(true);
    resetReference(s);
    expect(s.referenceStep).toBe(2);
    const e3 = await grpoStep(s);
    // after the reset π_ref = π_θold, so the first update's KL is 0 again (checked with μ = 1)
    setHyper(s, { ...s.hyper, mu: 1 });
    resetReference(s);
    const e4 = await grpoStep(s);
    expect(e3.referenceStep).toBe(2);
    e4.groups.forEach((g) => g.outputs.forEach((o) => o.kl.forEach((k) => expect(Math.abs(k)).toBeLessThan(1e-6))));
  });

  it('a step whose rewards are all equal keeps the KL term: loss β·mean KL > 0, and it moves π_θ toward π_ref', async () => {
    const beta = 0.5;
    const s = start(
      { beta, lr: 1e-3, mu: 1 },
      evenTask(() => ({ reward: 1 })),
    );
    // move π_θ away from π_ref
    s.optimizer.params.forEach(([, v], i) =>
      v.assign(tf.tidy(() => tf.add(v, tf.randomNormal(v.shape, 0, 0.05, 'float32', 100 + i)))),
    );
    const w0 = await bits(s);
    const e = await grpoStep(s);
    expect(e.groups.every((g) => g.skipped)).toBe(true);
    const outputs = e.groups.flatMap((g) => g.outputs);
    for (const o of outputs) expect(o.advantages.every((a) => a === 0)).toBe(true);
    // eq. 3's average: over each output's tokens, then over all outputs, equal-reward groups included
    const meanKl = outputs.reduce((a, o) => a + o.kl.reduce((x, k) => x + k, 0) / o.kl.length, 0) / outputs.length;
    expect(meanKl).toBeGreaterThan(1e-3);
    expect(e.kl).toBeCloseTo(meanKl, 5);
    expect(e.loss).toBeCloseTo(beta * meanKl, 5); // the surrogate is 0, −(−β·KL) remains
    expect(e.loss).toBeGreaterThan(0);
    expect(e.inner).toHaveLength(1);
    // the update changed the weights, and the same outputs are now closer to π_ref
    const w1 = await bits(s);
    expect(w1.some((b, i) => b.some((x, j) => x !== w0[i][j]))).toBe(true);
    const k3 = (d: number) => Math.exp(d) - d - 1;
    const klAfter =
      outputs.reduce(
        (a, o) =>
          a +
          o.logpRef.reduce((x, ref, t) => x + k3(ref - (o.logpOld[t] + Math.log(o.ratioAfter[t]))), 0) / o.kl.length,
        0,
      ) / outputs.length;
    expect(klAfter).toBeLessThan(meanKl);
  });

  it('no tensor leaks over 50 steps', async () => {
    const s = start({ group: 2, prompts: 1, lr: 1e-3 });
    await grpoStep(s);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 49; i++) await grpoStep(s);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('bad input', () => {
  it('G below 2, β or ε negative: one clear message', () => {
    expect(() => start({ group: 1 })).toThrow(
      new GrpoConfigError('the group size G must be an integer ≥ 2 (a group needs a baseline), got 1'),
    );
    expect(() => start({ beta: -0.1 })).toThrow('the KL coefficient β must be a number in [0, 10], got -0.1');
    expect(() => start({ epsilon: -0.2 })).toThrow('the clip range ε must be a number ≥ 0, got -0.2');
    expect(() => start({ mu: 0 })).toThrow(GrpoConfigError);
    expect(state).toBeNull();
  });

  it('a bad setting for the next step is refused and the state keeps its settings', async () => {
    const s = start();
    expect(() => setHyper(s, { ...s.hyper, group: 0 })).toThrow(GrpoConfigError);
    expect(s.hyper.group).toBe(4);
    await expect(grpoStep(s)).resolves.toMatchObject({ step: 1 });
  });

  it('a reward function that throws: a clear message, weights, optimizer and generator untouched', async () => {
    let calls = 0;
    const s = start(
      {},
      evenTask(() => {
        if (++calls > 5) throw new Error('no score for this');
        return { reward: calls % 2 };
      }),
    );
    const w0 = await bits(s);
    const rng0 = s.rng.getState();
    const tensors = tf.memory().numTensors;
    await expect(grpoStep(s)).rejects.toThrow(
      new RewardError('the even-ids reward failed on output 2 of "Once upon": no score for this'),
    );
    expect(await bits(s)).toEqual(w0);
    expect(s.optimizer.step).toBe(0);
    expect(s.step).toBe(0);
    expect(s.rng.getState()).toEqual(rng0);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('a non-finite reward is refused the same way', async () => {
    const s = start(
      {},
      evenTask(() => ({ reward: NaN })),
    );
    await expect(grpoStep(s)).rejects.toThrow(/non-finite reward for output 1/);
    expect(s.optimizer.step).toBe(0);
  });
});
