/**
 * What PPO would hold in memory beside GRPO for a config: the value model PPO needs, its
 * parameters and training bytes, computed from the config (not measured). Pure arithmetic.
 */
import { isMoeLayer, type DeepseekV2Config } from '../model/config';
import { parameterCounts } from '../model/sizes';
import { taskRowLength, type TaskName } from './taskNames';

/** fp32 weights + gradients + AdamW's two moments: bytes per trained parameter. */
export const TRAIN_BYTES_PER_PARAM = 4 + 4 + 8;
/** fp32 weights only (a frozen model): bytes per parameter. */
export const FROZEN_BYTES_PER_PARAM = 4;

export interface RlMemory {
  /** the policy's parameters. */
  policyParams: number;
  /**
   * PPO's value model: the policy's body with lm_head ([V, d]) replaced by a scalar head ([1, d]),
   * as is usual (it starts from the policy or the reward model).
   */
  valueParams: number;
  /** bytes to train the policy (weights, gradients, AdamW moments). */
  policyBytes: number;
  /** bytes of the frozen reference policy. */
  referenceBytes: number;
  /** bytes to train the value model. */
  valueBytes: number;
  /** GRPO: policy + reference. */
  grpoBytes: number;
  /** PPO: policy + reference + value model (the reward here is a rule, so no reward model in either). */
  ppoBytes: number;
}

/** What each algorithm holds in memory for `c` (computed from the config). */
export function rlMemory(c: DeepseekV2Config): RlMemory {
  const p = parameterCounts(c);
  const d = c.hidden_size;
  const outputHead = c.vocab_size * d; // lm_head, or the tied embedding used as one
  // with tied embeddings the value model keeps the embedding as its input table and adds a scalar head
  const valueParams = p.total - (c.tie_word_embeddings ? 0 : outputHead) + d;
  const policyBytes = p.total * TRAIN_BYTES_PER_PARAM;
  const referenceBytes = p.total * FROZEN_BYTES_PER_PARAM;
  const valueBytes = valueParams * TRAIN_BYTES_PER_PARAM;
  return {
    policyParams: p.total,
    valueParams,
    policyBytes,
    referenceBytes,
    valueBytes,
    grpoBytes: policyBytes + referenceBytes,
    ppoBytes: policyBytes + referenceBytes + valueBytes,
  };
}

/**
 * The most bytes of tensors one GRPO step (or held-out evaluation) may need at its peak, by the
 * estimate below. Browsers give a page's wasm heap at most 2–4 GiB and a GPU less to one tab; a
 * step past this fails ("memory access out of bounds") or freezes the tab, so it is refused first.
 */
export const GRPO_MEMORY_BUDGET = 1.5 * 2 ** 30;

/**
 * Floats one token of a batch keeps alive at the peak of a forward pass over `seq` tokens per row
 * (`train`: with the tensors its gradients need). An upper estimate from the shapes: the logits
 * with their log-softmax and gradient, and per layer the attention's projections and scores and
 * the feed-forward's hidden units (every routed expert runs on every token, src/model/moe.ts).
 * tests/unit/rl/rlMemory.test.ts holds it above tfjs's measured peak.
 */
export function floatsPerToken(c: DeepseekV2Config, seq: number, train: boolean): number {
  const d = c.hidden_size;
  const heads = c.num_attention_heads;
  const ffe = c.moe_intermediate_size;
  let layers = 0;
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const moe = isMoeLayer(c, l);
    const routed = c.n_routed_experts ?? 0;
    const ffn = moe ? (routed + c.n_shared_experts) * ffe : c.intermediate_size;
    const attention = 16 * d + 4 * heads * seq + 4 * (c.kv_lora_rank + (c.q_lora_rank ?? 0));
    layers += attention + 6 * ffn + (moe ? 4 * routed : 0);
  }
  const head = 6 * c.vocab_size;
  return (train ? 4 : 1) * (layers + head);
}

/** Bytes a batch of `rows` rows of `seq` tokens needs at its peak (see floatsPerToken). */
export function batchBytes(c: DeepseekV2Config, rows: number, seq: number, train: boolean): number {
  return 4 * rows * seq * floatsPerToken(c, seq, train);
}

/**
 * Bytes a GRPO step needs beside the policy, reference and optimizer it starts with: the batch,
 * and per parameter the gradient, the proposed weights and moments, and their clipping (16 floats).
 */
export function grpoStepBytes(c: DeepseekV2Config, outputs: number, seq: number): number {
  return 16 * 4 * parameterCounts(c).total + batchBytes(c, outputs, seq, true);
}

/** What a GRPO run may ask for with a config, within GRPO_MEMORY_BUDGET. */
export interface GrpoSizeLimits {
  /** tokens per row of the step's batch: the task's longest prompt plus its most new tokens. */
  seq: number;
  /** outputs per step (prompts × G): the batch's rows. */
  outputs: number;
  /** prompts per step at the given G. */
  prompts: number;
  /** G at one prompt per step (and never above 64). */
  group: number;
  /** held-out sums per evaluation (the probe forward holds them all, with the story openings). */
  heldOut: number;
}

/** The biggest G; past it a group's mean says no more, and the view cannot show it. */
export const MAX_GROUP = 64;
/** The held-out sums there are (tasks.ts ADDITION_SPLIT). */
export const MAX_HELD_OUT = 200;
/** The probe lines beside the held-out sums (STORY_OPENINGS), and the longest probe line in tokens. */
const PROBE_EXTRA = 6;
const PROBE_SEQ = 36;

/** The limits for `c`, a task whose rows hold at most `seq` tokens, and G = `group`. */
export function grpoSizeLimits(c: DeepseekV2Config, seq: number, group: number): GrpoSizeLimits {
  const free = GRPO_MEMORY_BUDGET - grpoStepBytes(c, 0, seq);
  const outputs = Math.max(0, Math.floor(free / batchBytes(c, 1, seq, true)));
  const probeRow = batchBytes(c, 1, PROBE_SEQ, false);
  return {
    seq,
    outputs,
    prompts: Math.floor(outputs / Math.max(2, group)),
    group: Math.min(MAX_GROUP, outputs),
    heldOut: Math.max(0, Math.min(MAX_HELD_OUT, Math.floor(GRPO_MEMORY_BUDGET / probeRow) - PROBE_EXTRA)),
  };
}

/** The sizes to check: prompts and G of the step, held-out sums of the evaluation. */
export interface GrpoSizes {
  prompts: number;
  group: number;
  heldOut: number;
}

/**
 * Null when the sizes fit, else one line naming the size, its limit and why. A row of the task
 * (its longest prompt and output) must also fit the model's context.
 */
export function grpoSizeProblem(c: DeepseekV2Config, task: TaskName, s: GrpoSizes): string | null {
  const seq = taskRowLength(task);
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  const budget = mb(GRPO_MEMORY_BUDGET);
  if (seq > c.max_position_embeddings)
    return `a row of this task (${seq} tokens) is longer than the model's context of ${c.max_position_embeddings} tokens`;
  const lim = grpoSizeLimits(c, seq, s.group);
  if (Number.isInteger(s.group) && s.group > lim.group)
    return `the group size G must be at most ${lim.group} (${lim.outputs < MAX_GROUP ? `a step's memory budget is ${budget}` : 'the largest the lab shows'}), got ${s.group}`;
  if (Number.isInteger(s.prompts) && s.prompts > lim.prompts)
    return `prompts per step must be at most ${lim.prompts} at G = ${s.group}: ${s.prompts} × ${s.group} outputs need about ${mb(grpoStepBytes(c, s.prompts * s.group, seq))}, over the ${budget} a step may use`;
  if (Number.isInteger(s.heldOut) && s.heldOut > lim.heldOut)
    return `held-out sums must be at most ${lim.heldOut} (${lim.heldOut < MAX_HELD_OUT ? `an evaluation's memory budget is ${budget}` : 'the held-out sums there are'}), got ${s.heldOut}`;
  return null;
}
