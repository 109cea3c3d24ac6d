/**
 * `npm run cli -- grpo [--steps N] [--group G] [--seed S] [--json] …`: GRPO on a model folder
 * (default the shipped model) in Node on wasm. Prints one line per step (JSON with --json): the
 * prompts, rewards and advantages of every group, the loss, the KL and, every --eval-every steps,
 * greedy accuracy on the held-out sums. A line with step 0 gives the accuracy before any update.
 */
import { GRPO_DEFAULTS, type GrpoHyper } from '../rl/config';
import type { GrpoStepEvent } from '../rl/events';
import { createGrpoState, disposeGrpoState } from '../rl/grpoState';
import { grpoStep } from '../rl/grpoStep';
import { heldOutAccuracy, type HeldOutResult } from '../rl/heldOut';
import { heldOutAdditions, isTaskName, TASK_NAMES } from '../rl/tasks';
import { selectNodeBackend } from '../runtime/nodeBackend';
import { parseFlags, UsageError } from './args';
import type { CliIo } from './cliIo';
import { registerNodeGradients } from './nodeGradients';
import { parseBackend, readModelFlag } from './nodeModel';

export const GRPO_USAGE = `  grpo      [--model DIR] [--steps N] [--group G] [--seed S] [--json]   GRPO, one line per step
            [--task ${TASK_NAMES.join('|')}] [--prompts P] [--beta B] [--epsilon E]
            [--mu M] [--lr LR] [--eval-every K] [--heldout N] [--backend wasm|cpu]`;

const FLAGS = {
  model: 'string',
  steps: 'number',
  group: 'number',
  seed: 'number',
  json: 'boolean',
  task: 'string',
  prompts: 'number',
  beta: 'number',
  epsilon: 'number',
  mu: 'number',
  lr: 'number',
  'eval-every': 'number',
  heldout: 'number',
  backend: 'string',
} as const;

export const DEFAULT_GRPO_MODEL = 'public/models/tinyseek';

/** What one line reports. */
export interface GrpoLine {
  step: number;
  task: string;
  groups: { prompt: string; rewards: number[]; advantages: number[]; skipped: boolean }[];
  meanReward: number | null;
  loss: number | null;
  kl: number | null;
  /** greedy accuracy on the held-out sums, on evaluation steps; null otherwise. */
  heldOut: HeldOutResult | null;
  ms: number;
}

const round = (x: number, d = 4) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

export function lineOf(e: GrpoStepEvent, heldOut: HeldOutResult | null): GrpoLine {
  return {
    step: e.step,
    task: e.task,
    groups: e.groups.map((g) => ({
      prompt: g.prompt.text,
      rewards: g.outputs.map((o) => round(o.reward) as number),
      advantages: g.outputs.map((o) => round(o.advantage) as number),
      skipped: g.skipped,
    })),
    meanReward: round(e.meanReward),
    loss: round(e.loss, 6),
    kl: round(e.kl, 6),
    heldOut,
    ms: Math.round(e.ms.total),
  };
}

function textLine(l: GrpoLine): string {
  const acc = l.heldOut ? `  held-out ${(l.heldOut.accuracy * 100).toFixed(1)}%` : '';
  if (l.step === 0) return `step 0${acc}`;
  const skipped = l.groups.filter((g) => g.skipped).length;
  return (
    `step ${l.step}  reward ${l.meanReward?.toFixed(3)}  loss ${l.loss?.toFixed(4) ?? '–'}  KL ${l.kl?.toFixed(5) ?? '–'}` +
    `  equal-reward groups ${skipped}/${l.groups.length}${acc}  ${l.ms} ms`
  );
}

function positiveInt(name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!Number.isInteger(x) || x < 1) throw new UsageError(`--${name} must be an integer ≥ 1, got ${x}`);
  return x;
}

export async function grpoCommand(argv: string[], io: CliIo): Promise<void> {
  const f = parseFlags(argv, FLAGS);
  const backend = parseBackend(f.backend);
  const task = f.task ?? GRPO_DEFAULTS.task;
  if (!isTaskName(task)) throw new UsageError(`--task must be one of ${TASK_NAMES.join(', ')}, got "${task}"`);
  const hyper: GrpoHyper = {
    ...GRPO_DEFAULTS,
    task,
    group: f.group ?? GRPO_DEFAULTS.group,
    prompts: f.prompts ?? GRPO_DEFAULTS.prompts,
    beta: f.beta ?? GRPO_DEFAULTS.beta,
    epsilon: f.epsilon ?? GRPO_DEFAULTS.epsilon,
    mu: f.mu ?? GRPO_DEFAULTS.mu,
    lr: f.lr ?? GRPO_DEFAULTS.lr,
    seed: f.seed ?? GRPO_DEFAULTS.seed,
  };
  const steps = positiveInt('steps', f.steps, 10);
  const every = positiveInt('eval-every', f['eval-every'], 10);
  const items = heldOutAdditions().slice(0, positiveInt('heldout', f.heldout, 200));
  const files = readModelFlag(f.model ?? DEFAULT_GRPO_MODEL);
  if (!files.tokenizer) throw new UsageError('the model folder has no tokenizer.json');
  await selectNodeBackend(backend ? [backend] : ['wasm', 'cpu']);
  await registerNodeGradients();
  const s = createGrpoState(files.config, files.weights, files.tokenizer, hyper); // validates the settings
  const write = (l: GrpoLine) => io.stdout.write((f.json ? JSON.stringify(l) : textLine(l)) + '\n');
  try {
    const before = await heldOutAccuracy(s.policy, files.tokenizer, items);
    write({ step: 0, task, groups: [], meanReward: null, loss: null, kl: null, heldOut: before, ms: 0 });
    for (let i = 1; i <= steps; i++) {
      const e = await grpoStep(s);
      const evalNow = i % every === 0 || i === steps;
      write(lineOf(e, evalNow ? await heldOutAccuracy(s.policy, files.tokenizer, items) : null));
    }
  } finally {
    disposeGrpoState(s);
  }
}
