/**
 * Training throughput of the Balance lab's model in whatever tfjs backend is active: the lab's
 * trainer (the CLI's trainStep plus the routing readback the lab shows) on the lab text, timed per
 * step after a warm-up. Works in Node (wasm/cpu) and in a page (webgpu/webgl/wasm); the caller
 * selects the backend and registers the gradients first (see src/train/trainStep.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { encodeCorpus, type Encoder } from '../src/train/data';
import { LAB_DEFAULTS, type LabModelName, type LabSettings } from '../src/train/lab/labSettings';
import { BalanceLabTrainer } from '../src/train/lab/labTrainer';
import { spread, type Spread } from './stats';

export interface TrainBenchOptions {
  /** the lab text (public/lab/balance-lab-train.txt) and the tokenizer that encodes it. */
  text: string;
  tokenizer: Encoder;
  /** which lab model (default the lab's default, lab-small). */
  model?: LabModelName;
  /** timed steps (default 20) after `warmup` untimed ones (default 3: shader compiles, first allocations). */
  steps?: number;
  warmup?: number;
  /** any other lab settings (batch size, dropping, …). */
  settings?: Partial<LabSettings>;
}

export interface TrainBenchResult {
  /** tf.getBackend() during the run. */
  backend: string;
  settings: LabSettings;
  /** B·T tokens per step. */
  tokensPerStep: number;
  steps: number;
  /** training tokens per second of each timed step: median, min, max. */
  tokensPerSec: Spread;
  /** wall time of each timed step, ms. */
  msPerStep: Spread;
  /** the LM loss before and after, as a sanity check that it trained. */
  lmLoss: { first: number; last: number };
}

/** Trains `steps` lab steps and reports tokens/s. Leaves no tensors behind. */
export async function benchTraining(o: TrainBenchOptions): Promise<TrainBenchResult> {
  const settings: LabSettings = { ...LAB_DEFAULTS, ...(o.model ? { model: o.model } : {}), ...o.settings };
  const tokens = encodeCorpus(o.text, o.tokenizer);
  const trainer = BalanceLabTrainer.create(settings, tokens);
  const tps: number[] = [];
  const ms: number[] = [];
  let first = NaN;
  let last = NaN;
  try {
    for (let i = 0; i < (o.warmup ?? 3); i++) {
      const e = await trainer.step();
      if (Number.isNaN(first)) first = e.lmLoss;
    }
    for (let i = 0; i < (o.steps ?? 20); i++) {
      const e = await trainer.step();
      if (Number.isNaN(first)) first = e.lmLoss;
      last = e.lmLoss;
      tps.push(e.tokensPerSec);
      ms.push(e.ms);
    }
  } finally {
    trainer.dispose();
  }
  return {
    backend: tf.getBackend(),
    settings,
    tokensPerStep: settings.batchSize * settings.seqLen,
    steps: tps.length,
    tokensPerSec: spread(tps),
    msPerStep: spread(ms),
    lmLoss: { first, last },
  };
}
