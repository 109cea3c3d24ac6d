import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { namedParams } from '../../../src/model/params';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/train/checkpoint';
import { TokenStream, evalBatches } from '../../../src/train/data';
import { captureCheckpoint, restoreTrainState } from '../../../src/train/resume';
import type { TrainRunConfig } from '../../../src/train/trainConfig';
import type { TrainState } from '../../../src/train/trainState';
import {
  createTrainState,
  disposeTrainState,
  evaluate,
  trainStep,
  TrainingDivergedError,
} from '../../../src/train/trainStep';
import { syntheticCorpus, tinyRun } from './trainFixtures';

const corpus = syntheticCorpus();

/** Every parameter's float32 bits, by path. */
async function weightBits(s: TrainState): Promise<Map<string, Uint32Array>> {
  const out = new Map<string, Uint32Array>();
  for (const [name, t] of namedParams(s.model.params)) {
    const d = (await t.data()) as Float32Array;
    out.set(name, new Uint32Array(Float32Array.from(d).buffer));
  }
  return out;
}

function start(run: TrainRunConfig) {
  const state = createTrainState(run.model, run.train);
  const stream = new TokenStream(corpus, run.train.batchSize, run.train.seqLen, run.train.seed + 1);
  return { state, stream };
}

describe('trainStep on TINY_TEST', () => {
  beforeAll(async () => {
    await selectNodeBackend(); // wasm, else cpu
  });
  afterEach(() => tf.disposeVariables());

  it('a few steps lower the loss; events are complete', async () => {
    const run = tinyRun();
    const { state, stream } = start(run);
    const val = evalBatches(corpus.subarray(3000), 4, 16, 4);
    const before = await evaluate(state, val);
    expect(before).toBeGreaterThan(3.5); // ≈ ln 64 = 4.16 at initialisation
    const events = [];
    for (let i = 0; i < 25; i++) events.push(await trainStep(state, stream.next()));
    const after = await evaluate(state, val);
    expect(after).toBeLessThan(before - 1);
    const e = events[events.length - 1];
    expect(e.step).toBe(25);
    expect(e.tokens).toBe(64);
    expect(e.aux.layers.map((l) => l.layer)).toEqual([1, 2]); // MoE layers of TINY_TEST
    for (const l of e.aux.layers) for (const v of [l.expert, l.device, l.comm]) expect(v).toBeGreaterThan(0.5);
    const c = run.model;
    const weighted = e.aux.layers.reduce(
      (a, l) => a + c.aux_loss_alpha * l.expert + c.device_balance_alpha * l.device + c.comm_balance_alpha * l.comm,
      0,
    );
    expect(e.aux.total).toBeCloseTo(weighted, 5);
    expect(e.loss).toBeCloseTo(e.lmLoss + e.aux.total, 5);
    expect(e.gradNorm).toBeGreaterThan(0);
    expect(events[0].lr).toBeCloseTo(5e-3, 9); // warm-up step 1 of 2
    expect(e.ms).toBeGreaterThan(0);
    disposeTrainState(state);
  });

  it('no tensor leak over 10 steps', async () => {
    const { state, stream } = start(tinyRun());
    await trainStep(state, stream.next());
    const n = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await trainStep(state, stream.next());
    expect(tf.memory().numTensors).toBe(n);
    disposeTrainState(state);
  });

  it('resume through checkpoint bytes reproduces the unbroken run bit for bit (token dropping on)', async () => {
    const run = tinyRun({}, { device_capacity_factor: 1, no_drop_fraction: 0.25 });
    const N = 6;
    const a = start(run);
    for (let i = 0; i < N; i++) await trainStep(a.state, a.stream.next());
    const straight = await weightBits(a.state);

    const b = start(run);
    for (let i = 0; i < N / 2; i++) await trainStep(b.state, b.stream.next());
    const ck = await captureCheckpoint(b.state, run, b.stream.position(), { tokens: 0, elapsedMs: 0 });
    const bytes = encodeCheckpoint(ck);
    disposeTrainState(b.state);
    for (let i = 0; i < N / 2; i++) await trainStep(a.state, a.stream.next()); // perturb nothing shared

    const back = decodeCheckpoint(bytes, run.model);
    const c = restoreTrainState(back);
    const stream = new TokenStream(corpus, run.train.batchSize, run.train.seqLen, back.data);
    let dropped = 0;
    for (let i = 0; i < N / 2; i++) dropped += (await trainStep(c, stream.next())).dropped;
    expect(c.optimizer.step).toBe(N);
    expect(dropped).toBeGreaterThan(0);
    const resumed = await weightBits(c);
    for (const [name, bits] of straight) expect(resumed.get(name), name).toEqual(bits);
    disposeTrainState(a.state);
    disposeTrainState(c);
  });

  it('a learning rate that blows up throws TrainingDivergedError and keeps the last good weights', async () => {
    const run = tinyRun({ lr: 1e30, minLr: 1e29, warmupSteps: 0 });
    const { state, stream } = start(run);
    let err: unknown = null;
    let good = await weightBits(state);
    for (let i = 0; i < 5 && !err; i++) {
      try {
        await trainStep(state, stream.next());
        good = await weightBits(state);
      } catch (e) {
        err = e;
      }
    }
    expect(err).toBeInstanceOf(TrainingDivergedError);
    expect((err as Error).message).toMatch(/^training diverged at step \d+: the .* lower train.lr$/);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    const now = await weightBits(state);
    for (const [name, bits] of good) expect(now.get(name), name).toEqual(bits);
    for (const bits of now.values())
      expect(Array.from(new Float32Array(bits.buffer)).every(Number.isFinite)).toBe(true);
    disposeTrainState(state);
  });
});
