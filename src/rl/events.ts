/** What one GRPO step reports: plain data for the CLI, the worker and the views. */
import type { StepReward, TaskPrompt } from './rewards';

/** One sampled output and what the step computed for each of its tokens. */
export interface OutputRecord {
  /** new token ids, eos included when it stopped. */
  ids: number[];
  /** each token's text ('' for eos). */
  pieces: string[];
  text: string;
  stopped: boolean;
  reward: number;
  /** process supervision: the step rewards. */
  steps?: StepReward[];
  /** Â_i (outcome) or the mean of the token advantages (process). */
  advantage: number;
  /** Â_{i,t}. [|o|] */
  advantages: number[];
  /** log π_θold per token (nats). [|o|] */
  logpOld: number[];
  /** log π_ref per token. [|o|] */
  logpRef: number[];
  /** ρ = π_θ/π_θold in the last of the μ updates (1 when μ = 1). [|o|] */
  ratio: number[];
  /** whether that update clipped the token's term. [|o|] */
  clipped: boolean[];
  /** k3 KL to π_ref in that update. [|o|] */
  kl: number[];
  /** π_θ/π_θold after all μ updates: how the step moved each token. [|o|] */
  ratioAfter: number[];
}

/** One prompt's group. */
export interface GroupRecord {
  prompt: TaskPrompt;
  outputs: OutputRecord[];
  /** mean and population std of the rewards (of the step rewards, for process supervision). */
  mean: number;
  std: number;
  /** all rewards equal: advantages 0, so its outputs add only their −β·KL term to the loss. */
  skipped: boolean;
}

/** A group as soon as it is sampled and scored, before any update. */
export interface SampledGroup {
  step: number;
  index: number;
  prompt: TaskPrompt;
  outputs: Pick<
    OutputRecord,
    'ids' | 'pieces' | 'text' | 'stopped' | 'reward' | 'steps' | 'advantage' | 'advantages'
  >[];
  mean: number;
  std: number;
  skipped: boolean;
}

/** One of the μ updates. */
export interface InnerUpdate {
  loss: number;
  /** loss-weighted mean k3 KL. */
  kl: number;
  /** share of all output tokens whose term was clipped. */
  clipFraction: number;
  /** global gradient norm before clipping. */
  gradNorm: number;
}

export interface GrpoStepEvent {
  /** steps done, this one included. */
  step: number;
  task: string;
  groups: GroupRecord[];
  /** mean reward over every output of the step. */
  meanReward: number;
  /** the last update's loss and KL (the first's when μ = 1). */
  loss: number;
  kl: number;
  inner: InnerUpdate[];
  lr: number;
  /** the step after which π_ref was last reset. */
  referenceStep: number;
  ms: { sample: number; update: number; total: number };
}
