/**
 * Records real GRPO steps of the shipped model for the GRPO lab's stories: runs the same code as
 * the lab's worker (grpoStep, held-out accuracy, expert load) in Node on wasm and writes every
 * event the worker would post, in order, to stories/fixtures/grpo-*.json. No number in a story is
 * typed by hand.
 *   npm run record-grpo
 */
import '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { readModelDir } from '../src/cli/modelDir';
import { registerNodeGradients } from '../src/cli/nodeGradients';
import { GRPO_DEFAULTS, type GrpoHyper } from '../src/rl/config';
import { createGrpoState, disposeGrpoState, type GrpoState } from '../src/rl/grpoState';
import { grpoStep } from '../src/rl/grpoStep';
import { heldOutAccuracy, probeExpertLoad, probeLines } from '../src/rl/heldOut';
import { heldOutAdditions, type TaskName } from '../src/rl/tasks';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import type { GrpoEval, GrpoEvalSettings, GrpoEvent } from '../src/worker/grpo/protocol';

const MODEL_DIR = 'public/models/tinyseek';

/** What a story replays: the settings and the worker's events. */
export interface RecordedGrpo {
  hyper: GrpoHyper;
  evaluation: GrpoEvalSettings;
  events: GrpoEvent[];
}

const RUNS: { name: string; task: TaskName; steps: number; prompts: number }[] = [
  { name: 'addition', task: 'addition', steps: 4, prompts: 2 },
  { name: 'digits', task: 'addition-digits', steps: 1, prompts: 1 },
];
const EVALUATION: GrpoEvalSettings = { heldOut: 20, evalEvery: 2 };

async function measure(s: GrpoState): Promise<GrpoEval> {
  const items = heldOutAdditions().slice(0, EVALUATION.heldOut);
  const heldOut = await heldOutAccuracy(s.policy, s.tokenizer, items);
  return { step: s.step, heldOut, load: await probeExpertLoad(s.policy, s.tokenizer, probeLines(items, items.length)) };
}

async function main(): Promise<void> {
  const status = await selectNodeBackend(['wasm']);
  await registerNodeGradients();
  const files = readModelDir(MODEL_DIR);
  for (const run of RUNS) {
    const hyper: GrpoHyper = { ...GRPO_DEFAULTS, task: run.task, prompts: run.prompts, group: 8, seed: 1 };
    const s = createGrpoState(files.config, files.weights, files.tokenizer!, hyper);
    const events: GrpoEvent[] = [
      { type: 'backend', status },
      { type: 'ready', name: 'tinyseek', config: files.config },
      { type: 'running', running: true },
      { type: 'eval', result: await measure(s) },
    ];
    for (let i = 1; i <= run.steps; i++) {
      const event = await grpoStep(s, { onGroup: (group) => events.push({ type: 'group', group }) });
      events.push({ type: 'step', event, remaining: run.steps - i });
      if (s.step % EVALUATION.evalEvery === 0) events.push({ type: 'eval', result: await measure(s) });
    }
    events.push({ type: 'running', running: false });
    disposeGrpoState(s);
    const out: RecordedGrpo = { hyper, evaluation: EVALUATION, events };
    const path = `stories/fixtures/grpo-${run.name}.json`;
    writeFileSync(path, JSON.stringify(out));
    console.error(`${path}: ${run.steps} steps, ${events.length} events`);
  }
}

void main();
