/** GRPO's settings, their defaults (docs/model.md#grpo-settings) and the checks that reject bad ones before anything runs. */
import { isTaskName, type TaskName } from './taskNames';

export interface GrpoHyper {
  task: TaskName;
  /** G: outputs sampled per prompt (≥ 2: a group of one has no baseline). */
  group: number;
  /** prompts (groups) per step. */
  prompts: number;
  /** β: weight of the k3 KL to the reference policy (DeepSeekMath's 0.04). */
  beta: number;
  /** ε: clip range of the ratio (0.2, the usual PPO value). */
  epsilon: number;
  /** μ: policy updates per sampled batch (1 in DeepSeekMath). */
  mu: number;
  /** AdamW learning rate. */
  lr: number;
  /** global gradient-norm clip. */
  gradClip: number;
  /** seeds the prompt draws and the sampling. */
  seed: number;
}

export const GRPO_DEFAULTS: GrpoHyper = {
  task: 'addition',
  group: 8,
  prompts: 8,
  beta: 0.04,
  epsilon: 0.2,
  mu: 1,
  lr: 1e-4,
  gradClip: 1,
  seed: 1,
};

/** The largest β: 250× DeepSeekMath's 0.04, where the KL term already outweighs any reward. */
export const MAX_BETA = 10;

/** A setting out of range: the message names it and the range. */
export class GrpoConfigError extends RangeError {
  override name = 'GrpoConfigError';
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Throws a GrpoConfigError on the first bad setting; returns the settings unchanged otherwise. */
export function validateHyper(h: GrpoHyper): GrpoHyper {
  const fail = (msg: string): never => {
    throw new GrpoConfigError(msg);
  };
  if (!isTaskName(h.task)) fail(`unknown GRPO task "${h.task}"`);
  if (!isInt(h.group) || h.group < 2)
    fail(`the group size G must be an integer ≥ 2 (a group needs a baseline), got ${h.group}`);
  if (h.group > 64) fail(`the group size G must be at most 64, got ${h.group}`);
  if (!isInt(h.prompts) || h.prompts < 1) fail(`prompts per step must be an integer ≥ 1, got ${h.prompts}`);
  if (!isNum(h.beta) || h.beta < 0 || h.beta > MAX_BETA)
    fail(`the KL coefficient β must be a number in [0, ${MAX_BETA}], got ${h.beta}`);
  if (!isNum(h.epsilon) || h.epsilon < 0) fail(`the clip range ε must be a number ≥ 0, got ${h.epsilon}`);
  if (!isInt(h.mu) || h.mu < 1) fail(`μ (updates per batch) must be an integer ≥ 1, got ${h.mu}`);
  if (!isNum(h.lr) || h.lr <= 0) fail(`the learning rate must be a number > 0, got ${h.lr}`);
  if (!isNum(h.gradClip) || h.gradClip <= 0) fail(`the gradient clip must be a number > 0, got ${h.gradClip}`);
  if (!Number.isSafeInteger(h.seed)) fail(`the seed must be an integer, got ${h.seed}`);
  return h;
}
