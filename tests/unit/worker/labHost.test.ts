/**
 * The Balance lab worker's lost-GPU path, on the real lab trainer: the fake "webgpu" device is
 * lost in the middle of a play. The host must say so, give that backend up, choose the next one,
 * rebuild the trainer from its last checkpoint and go on playing, and the steps it redoes must be
 * the steps an unbroken run makes (same weights, optimizer moments, data position and draws).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAB_DEFAULTS, type LabSettings } from '../../../src/train/lab/labSettings';
import { BalanceLabTrainer } from '../../../src/train/lab/labTrainer';
import { CHECKPOINT_EVERY, LabHost } from '../../../src/worker/balanceLab/labHost';
import type { LabEvent } from '../../../src/worker/balanceLab/protocol';
import { labTokens, LAB_TEXT, TOKENIZER } from '../train/lab/labFixtures';
import { FAKE_GPU, fetchFrom, losableGpu, registerFakeGpu, unregisterFakeGpu } from './fakeGpu';

/** Small and fast: 2 sequences of 8 tokens per step. */
const FAST: LabSettings = { ...LAB_DEFAULTS, batchSize: 2, seqLen: 8 };
const SOURCES = { text: 'http://lab.test/lab.txt', model: 'http://lab.test/model/' };
const PLAY_TO = CHECKPOINT_EVERY + 6;
const LOSE_AT = CHECKPOINT_EVERY + 3;

describe('LabHost after a lost GPU device', () => {
  let before = '';
  beforeAll(() => {
    before = tf.getBackend();
    registerFakeGpu();
    vi.stubGlobal(
      'fetch',
      fetchFrom({
        [SOURCES.text]: readFileSync(LAB_TEXT, 'utf8'),
        [`${SOURCES.model}tokenizer.json`]: readFileSync(TOKENIZER, 'utf8'),
      }),
    );
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await unregisterFakeGpu(before);
  });

  it('says so, falls back to another backend and plays on from its last checkpoint, as an unbroken run', async () => {
    const events: LabEvent[] = [];
    const gpu = losableGpu();
    let stopped: () => void = () => {};
    const done = new Promise<void>((resolve) => (stopped = resolve));
    const host = new LabHost((e) => {
      events.push(e);
      if (e.type === 'step' && e.event.step === LOSE_AT && tf.getBackend() === FAKE_GPU) gpu.lose();
      if (e.type === 'stopped') stopped();
    }, gpu.hooks);
    const of = <T extends LabEvent['type']>(type: T) =>
      events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type);

    host.handle({ type: 'init', order: ['webgpu', 'cpu'], sources: SOURCES });
    host.handle({ type: 'reset', settings: FAST });
    host.handle({ type: 'play', until: PLAY_TO });
    await done;

    expect(of('error')).toEqual([]);
    expect(of('deviceLost').map((e) => e.message)).toEqual(['the GPU device was lost (the adapter went away)']);
    const [first, after] = of('backend').map((e) => e.status);
    expect(first.active).toBe('webgpu');
    expect(after.active).toBe('cpu');
    expect(after.attempts[0]).toMatchObject({ name: 'webgpu', ok: false, reason: /GPU device was lost/ });
    expect(tf.findBackendFactory(FAKE_GPU)).toBeNull();
    expect(of('restored')).toEqual([{ type: 'restored', step: CHECKPOINT_EVERY }]);
    expect(of('stopped')).toEqual([{ type: 'stopped', reason: 'done' }]);

    // steps 1…LOSE_AT on the lost device, then from the checkpoint on: CHECKPOINT_EVERY+1 … PLAY_TO
    const steps = of('step').map((e) => e.event);
    const redone = Array.from({ length: PLAY_TO - CHECKPOINT_EVERY }, (_, i) => CHECKPOINT_EVERY + 1 + i);
    const numbers = Array.from({ length: LOSE_AT }, (_, i) => i + 1);
    expect(steps.map((e) => e.step)).toEqual([...numbers, ...redone]);

    // the same run unbroken, on cpu: every step's losses match, the redone ones included
    const unbroken = BalanceLabTrainer.create(FAST, labTokens());
    const expected = [];
    for (let i = 0; i < PLAY_TO; i++) expected.push(await unbroken.step());
    unbroken.dispose();
    const byStep = new Map(expected.map((e) => [e.step, e]));
    for (const e of steps) {
      expect(e.lmLoss, `step ${e.step}`).toBe(byStep.get(e.step)!.lmLoss);
      expect(e.balance, `step ${e.step}`).toEqual(byStep.get(e.step)!.balance);
    }
  });
});
