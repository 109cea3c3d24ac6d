/**
 * Everything a GRPO run holds: the policy π_θ (trainable), the frozen reference π_ref, AdamW and
 * the seeded generator. π_θold needs no copy: it is the policy at the start of each step, and its
 * log-probs are computed once then (docs/model.md#iterative-grpo).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../model/config';
import { DeepseekV2Model } from '../model/model';
import { namedParams } from '../model/params';
import { Rng, type RngState } from '../model/rng';
import type { BpeTokenizer } from '../model/tokenizer';
import type { HostWeights } from '../model/weights';
import { AdamW, DEEPSEEK_ADAMW, type AdamWState } from '../train/adamw';
import { validateHyper, type GrpoHyper } from './config';
import { TASKS, type GrpoTask } from './tasks';

export interface GrpoState {
  readonly config: DeepseekV2Config;
  readonly tokenizer: BpeTokenizer;
  /** the settings of the next step (change them between steps with setHyper). */
  hyper: GrpoHyper;
  /** prompts and reward: TASKS[hyper.task], or a caller's own task (pluggable rewards). */
  task: GrpoTask;
  /** π_θ: every parameter a trainable tf.Variable. */
  readonly policy: DeepseekV2Model;
  /** π_ref: variables too, so a reset is an assign; never passed to the optimizer. */
  readonly reference: DeepseekV2Model;
  readonly optimizer: AdamW;
  /** draws prompts and the sampling seeds. */
  rng: Rng;
  /** steps done. */
  step: number;
  /** the step after which the reference was last set to the policy (0: the starting weights). */
  referenceStep: number;
}

/** AdamW as in training, without weight decay: RL moves the weights a little from a trained model. */
export const GRPO_ADAMW = { ...DEEPSEEK_ADAMW, weightDecay: 0 };

export function createGrpoState(
  config: DeepseekV2Config,
  weights: HostWeights,
  tokenizer: BpeTokenizer,
  hyper: GrpoHyper,
  task: GrpoTask = TASKS[hyper.task],
): GrpoState {
  return build(config, weights, weights, tokenizer, hyper, task);
}

function build(
  config: DeepseekV2Config,
  policyWeights: HostWeights,
  referenceWeights: HostWeights,
  tokenizer: BpeTokenizer,
  hyper: GrpoHyper,
  task: GrpoTask,
): GrpoState {
  validateHyper(hyper);
  if (!tf.getGradient('Multiply')) {
    throw new Error(
      "tfjs gradients are not registered: import '@tensorflow/tfjs-core/dist/register_all_gradients' " +
        '(Vite) or call registerNodeGradients() (Node) first',
    );
  }
  if (tokenizer.specialTokens.eos === undefined) throw new Error('GRPO needs a tokenizer with an eos token');
  const policy = DeepseekV2Model.fromHostWeights(config, policyWeights, { trainable: true });
  const reference = DeepseekV2Model.fromHostWeights(config, referenceWeights, { trainable: true });
  const params = namedParams(policy.params).map(([name, t]) => [name, t as tf.Variable] as const);
  const optimizer = new AdamW(params, GRPO_ADAMW);
  return {
    config,
    tokenizer,
    hyper,
    task,
    policy,
    reference,
    optimizer,
    rng: new Rng(hyper.seed),
    step: 0,
    referenceStep: 0,
  };
}

/** New settings for the next steps; a new seed restarts the prompt and sampling stream, a new task name switches to that task. */
export function setHyper(s: GrpoState, hyper: GrpoHyper): void {
  validateHyper(hyper);
  if (hyper.seed !== s.hyper.seed) s.rng = new Rng(hyper.seed);
  if (hyper.task !== s.hyper.task) s.task = TASKS[hyper.task];
  s.hyper = hyper;
}

/** Iterative GRPO (docs/model.md#iterative-grpo): π_ref ← π_θ. */
export function resetReference(s: GrpoState): void {
  const ref = namedParams(s.reference.params);
  namedParams(s.policy.params).forEach(([, p], i) => (ref[i][1] as tf.Variable).assign(p));
  s.referenceStep = s.step;
}

export function disposeGrpoState(s: GrpoState): void {
  s.policy.dispose();
  s.reference.dispose();
  s.optimizer.dispose();
}

/** A GRPO run on the host: what it needs to continue after its tensors are lost (no tensors kept). */
export interface GrpoCheckpoint {
  policy: HostWeights;
  reference: HostWeights;
  optimizer: AdamWState;
  rng: RngState;
  hyper: GrpoHyper;
  step: number;
  referenceStep: number;
}

/** Downloads policy, reference, AdamW state and the generator of `s`. */
export async function checkpointGrpoState(s: GrpoState): Promise<GrpoCheckpoint> {
  const { hyper, step, referenceStep } = s;
  const rng = s.rng.getState(); // taken before the downloads' awaits, with the weights it belongs to
  const [policy, reference, optimizer] = await Promise.all([
    s.policy.toHostWeights(),
    s.reference.toHostWeights(),
    s.optimizer.exportState(),
  ]);
  return { policy, reference, optimizer, rng, hyper, step, referenceStep };
}

/** A state that continues from `ck` on the active backend; the task is TASKS[hyper.task] unless given. */
export function restoreGrpoState(
  config: DeepseekV2Config,
  tokenizer: BpeTokenizer,
  ck: GrpoCheckpoint,
  task: GrpoTask = TASKS[ck.hyper.task],
): GrpoState {
  const s = build(config, ck.policy, ck.reference, tokenizer, ck.hyper, task);
  try {
    s.optimizer.importState(ck.optimizer);
  } catch (e) {
    disposeGrpoState(s);
    throw e;
  }
  return { ...s, rng: Rng.fromState(ck.rng), step: ck.step, referenceStep: ck.referenceStep };
}
