/**
 * GRPO step time in Node on wasm: `grpoBench(config, { G, steps, quick }, log)`. Uses the shipped
 * model's weights when they fit `config` (random weights would score 0 everywhere, so every group
 * would be skipped and no update would run), else seeded random weights, with the shipped
 * tokenizer. One warm-up step, then `steps` timed steps of the addition task at group size G and
 * the CLI's other defaults; reports the median (min–max) of the step, its sampling and its update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { readModelDir } from '../src/cli/modelDir';
import { registerNodeGradients } from '../src/cli/nodeGradients';
import type { DeepseekV2Config } from '../src/model/config';
import { BpeTokenizer } from '../src/model/tokenizer';
import { initWeights, type HostWeights } from '../src/model/weights';
import { GRPO_DEFAULTS } from '../src/rl/config';
import { createGrpoState, disposeGrpoState } from '../src/rl/grpoState';
import { grpoStep } from '../src/rl/grpoStep';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import { spread, type Spread } from './stats';

const SHIPPED = 'public/models/tinyseek';

export interface GrpoBenchOptions {
  /** outputs per prompt. */
  G: number;
  /** timed steps (after one warm-up step). */
  steps: number;
  /** fewer prompts per step (2 instead of the CLI's 8). */
  quick?: boolean;
}

export interface GrpoBenchResult {
  target: string;
  weights: 'shipped' | 'random';
  G: number;
  prompts: number;
  /** outputs sampled per step (prompts · G). */
  outputs: number;
  /** ms per step, and its two halves. */
  stepMs: Spread;
  sampleMs: Spread;
  updateMs: Spread;
  /** mean new tokens per sampled output. */
  tokensPerOutput: number;
  /** timed steps with a reward signal: some group's rewards differed (the others had only the KL term). */
  signalSteps: number;
  /** tensors alive after the last step minus after the warm-up (0 = no leak). */
  tensorDelta: number;
}

function weightsFor(config: DeepseekV2Config): { weights: HostWeights; shipped: boolean } {
  if (existsSync(`${SHIPPED}/model.safetensors`)) {
    const files = readModelDir(SHIPPED);
    if (JSON.stringify(files.config) === JSON.stringify(config)) return { weights: files.weights, shipped: true };
  }
  return { weights: initWeights(config, 1), shipped: false };
}

export async function grpoBench(
  config: DeepseekV2Config,
  o: GrpoBenchOptions,
  log: (line: string) => void = () => {},
): Promise<GrpoBenchResult> {
  await selectNodeBackend(['wasm']);
  await registerNodeGradients();
  const tok = BpeTokenizer.fromJSON(JSON.parse(readFileSync(`${SHIPPED}/tokenizer.json`, 'utf8')));
  const { weights, shipped } = weightsFor(config);
  const prompts = o.quick ? 2 : GRPO_DEFAULTS.prompts;
  const s = createGrpoState(config, weights, tok, { ...GRPO_DEFAULTS, group: o.G, prompts, seed: 1 });
  try {
    await grpoStep(s); // warm-up: kernels compiled, caches sized
    const base = tf.memory().numTensors;
    const step: number[] = [];
    const sample: number[] = [];
    const update: number[] = [];
    let tokens = 0;
    let signal = 0;
    for (let i = 0; i < o.steps; i++) {
      const e = await grpoStep(s);
      step.push(e.ms.total);
      sample.push(e.ms.sample);
      update.push(e.ms.update);
      tokens += e.groups.reduce((n, g) => n + g.outputs.reduce((m, x) => m + x.ids.length, 0), 0);
      if (e.groups.some((g) => !g.skipped)) signal++;
      log(
        `step ${i + 1}/${o.steps}: ${e.ms.total.toFixed(0)} ms (sample ${e.ms.sample.toFixed(0)}, update ${e.ms.update.toFixed(0)})`,
      );
    }
    return {
      target: 'node:wasm, GRPO step (addition)',
      weights: shipped ? 'shipped' : 'random',
      G: o.G,
      prompts,
      outputs: prompts * o.G,
      stepMs: spread(step),
      sampleMs: spread(sample),
      updateMs: spread(update),
      tokensPerOutput: tokens / (o.steps * prompts * o.G),
      signalSteps: signal,
      tensorDelta: tf.memory().numTensors - base,
    };
  } finally {
    disposeGrpoState(s);
  }
}
