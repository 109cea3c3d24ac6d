/**
 * One GRPO step (DeepSeekMath, arXiv 2402.03300, eq. 3 and Algorithm 1) as a pure function of
 * the state, emitting events:
 *
 *   draw `prompts` prompts; sample G outputs each from π_θold (= π_θ now) over the KV cache;
 *   score them; group advantages; log π_θold and log π_ref once; then μ times: the clipped
 *   surrogate with the k3 KL, gradients by tf.variableGrads, global-norm clipping, AdamW.
 *
 * Every output is in the loss with the paper's weight 1/(|o_i|·outputs). A group whose rewards are
 * all equal has advantage 0, so its surrogate is 0, but its −β·KL term stays (eq. 3 applies it to
 * every output, as TRL's GRPOTrainer does): such a step still pulls π_θ back toward π_ref.
 *
 * Nothing changes before every reward is in: a reward function that throws, or returns a
 * non-finite number, leaves the weights, the optimizer and the generator as they were.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../model/rng';
import { disposeRouterOutput } from '../model/router';
import { clipScale, globalNorm, sumScalars } from '../train/adamw';
import { nonFinite } from '../train/lossGrads';
import { TrainingDivergedError } from '../train/trainStep';
import { groupAdvantages } from './advantages';
import { buildBatch, disposeBatch, rowSpan, type BatchRow, type GrpoBatch } from './batch';
import { validateHyper } from './config';
import type { GroupRecord, GrpoStepEvent, InnerUpdate, OutputRecord, SampledGroup } from './events';
import type { GrpoState } from './grpoState';
import { grpoObjective, tokenLogProbs } from './objective';
import type { Completion, RewardOutput, TaskPrompt } from './rewards';
import { promptTokens, sampleOutput } from './sample';
import type { GrpoTask } from './tasks';

/** A reward function failed; nothing was changed. */
export class RewardError extends Error {
  override name = 'RewardError';
}

export interface StepHooks {
  /** called with each group as soon as it is sampled and scored. */
  onGroup?: (g: SampledGroup) => void;
  /** stops between groups (or after the last, before the update): the step throws an AbortError and changes nothing. */
  signal?: AbortSignal;
}

interface Scored {
  prompt: TaskPrompt;
  promptIds: number[];
  completions: Completion[];
  rewards: RewardOutput[];
  adv: ReturnType<typeof groupAdvantages>;
}

function score(task: GrpoTask, prompt: TaskPrompt, completions: Completion[]) {
  return completions.map((c, i) => {
    let r: RewardOutput;
    try {
      r = task.reward(prompt, c);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new RewardError(`the ${task.name} reward failed on output ${i + 1} of "${prompt.text}": ${why}`);
    }
    const values = [r?.reward, ...(r?.steps ?? []).map((s) => s.reward)];
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new RewardError(`the ${task.name} reward gave a non-finite reward for output ${i + 1} of "${prompt.text}"`);
    }
    return r;
  });
}

/** Samples and scores every group of the step (no tensor survives it). */
async function sampleGroups(s: GrpoState, hooks: StepHooks): Promise<Scored[]> {
  const { hyper, tokenizer: tok } = s;
  const task = s.task;
  const out: Scored[] = [];
  const stopIfAsked = () => {
    if (hooks.signal?.aborted) throw new DOMException('the GRPO step was stopped', 'AbortError');
  };
  for (let g = 0; g < hyper.prompts; g++) {
    stopIfAsked();
    const prompt = task.draw(s.rng);
    const promptIds = promptTokens(tok, prompt.text);
    const seeds = Array.from({ length: hyper.group }, () => s.rng.nextUint32());
    const completions: Completion[] = [];
    for (const seed of seeds) completions.push(await sampleOutput(s.policy, tok, promptIds, task.maxNew, seed));
    const rewards = score(task, prompt, completions);
    const adv = groupAdvantages(
      rewards,
      completions.map((c) => c.ids.length),
      task.process,
    );
    out.push({ prompt, promptIds, completions, rewards, adv });
    hooks.onGroup?.({
      step: s.step + 1,
      index: g,
      prompt,
      outputs: completions.map((c, i) => ({
        ...c,
        reward: rewards[i].reward,
        ...(rewards[i].steps ? { steps: rewards[i].steps } : {}),
        advantage: adv.perOutput[i],
        advantages: adv.perToken[i],
      })),
      mean: adv.mean,
      std: adv.std,
      skipped: adv.skipped,
    });
  }
  stopIfAsked();
  return out;
}

/** log π per target position of a model: [N, T]. */
function logProbs(model: GrpoState['policy'], b: GrpoBatch): tf.Tensor2D {
  return tf.tidy(() => {
    const out = model.forward(b.inputs);
    for (const { router } of out.routers) disposeRouterOutput(router);
    return tokenLogProbs(out.logits, b.targets); // [N, T]
  });
}

/** Per-token host arrays of the last update. */
interface TokenStats {
  ratio: Float32Array;
  clipped: Float32Array;
  kl: Float32Array;
}

/** One of the μ updates; throws TrainingDivergedError (nothing assigned) on a non-finite value. */
async function update(
  s: GrpoState,
  b: GrpoBatch,
  old: tf.Tensor2D,
  ref: tf.Tensor2D,
  outputTokens: number,
): Promise<{ inner: InnerUpdate; stats: TokenStats }> {
  const { hyper } = s;
  const vars = s.optimizer.params.map(([, v]) => v);
  const kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = s.policy.forward(b.inputs);
    const logp = tokenLogProbs(out.logits, b.targets); // [N, T]
    const t = grpoObjective({
      logp,
      oldLogp: old,
      refLogp: ref,
      advantages: b.advantages,
      weights: b.weights,
      epsilon: hyper.epsilon,
      beta: hyper.beta,
    });
    kept.push(tf.keep(t.ratio), tf.keep(t.clipped), tf.keep(t.kl), tf.keep(t.meanKl));
    return t.loss;
  }, vars);
  const g = vars.map((v) => grads[v.name] ?? tf.zerosLike(v)); // a parameter off the path has gradient 0
  const norm = globalNorm(g); // []
  const scale = clipScale(norm, hyper.gradClip); // []
  const proposal = s.optimizer.propose(g, hyper.lr, scale);
  const [ratio, clipped, kl, meanKl] = kept;
  const summary = tf.tidy(() => {
    const inLoss = tf.cast(tf.greater(b.weights, 0), 'float32'); // [N, T]
    const clippedShare = tf.div(tf.sum(tf.mul(clipped, inLoss)), Math.max(1, outputTokens));
    const weightSum = sumScalars(proposal.params.map((p) => tf.sum(p))); // NaN or ±∞ if any new weight is
    return tf.stack([value, meanKl, clippedShare, norm, weightSum]) as tf.Tensor1D; // [5]
  });
  tf.dispose([value, norm, scale, meanKl, ...g, ...Object.values(grads).filter((t) => !g.includes(t))]);
  let h: Float32Array;
  let stats: TokenStats;
  try {
    [h, stats] = await Promise.all([
      summary.data() as Promise<Float32Array>,
      Promise.all([ratio.data(), clipped.data(), kl.data()]).then(([r, c, k]) => ({
        ratio: r as Float32Array,
        clipped: c as Float32Array,
        kl: k as Float32Array,
      })),
    ]);
  } finally {
    tf.dispose([summary, ratio, clipped, kl]);
  }
  const [loss, klMean, clipFraction, gradNorm, weightSum] = h;
  const bad = nonFinite(loss, gradNorm, weightSum);
  if (bad) {
    s.optimizer.discard(proposal);
    throw new TrainingDivergedError(s.step + 1, bad[0], bad[1], hyper.lr, 'the weights of the update before are kept');
  }
  s.optimizer.commit(proposal);
  return { inner: { loss, kl: klMean, clipFraction, gradNorm }, stats };
}

/** Host copies of the step's per-token arrays, [N, T] each. */
interface StepArrays extends TokenStats {
  old: Float32Array;
  ref: Float32Array;
  after: Float32Array;
}

/** The μ ≥ 1 updates and the per-token arrays; every tensor of the batch is freed before it returns. */
async function updates(s: GrpoState, b: GrpoBatch, outputTokens: number) {
  const old = logProbs(s.policy, b); // [N, T]  π_θold: the policy before this step's updates
  const ref = logProbs(s.reference, b); // [N, T]
  const inner: InnerUpdate[] = [];
  try {
    let stats: TokenStats | null = null;
    for (let k = 0; k < s.hyper.mu; k++) {
      const u = await update(s, b, old, ref, outputTokens);
      inner.push(u.inner);
      stats = u.stats;
    }
    if (!stats) throw new Error(`GRPO: μ = ${s.hyper.mu} updates ran none`);
    const ratioAfter = tf.tidy(() => tf.exp(tf.sub(logProbs(s.policy, b), old))); // [N, T]
    try {
      const [after, oldH, refH] = (await Promise.all([ratioAfter, old, ref].map((t) => t.data()))) as Float32Array[];
      const arrays: StepArrays = { ...stats, old: oldH, ref: refH, after };
      return { inner, arrays };
    } finally {
      ratioAfter.dispose();
    }
  } finally {
    tf.dispose([old, ref]);
  }
}

/** One step; see the file comment. */
export async function grpoStep(s: GrpoState, hooks: StepHooks = {}): Promise<GrpoStepEvent> {
  const t0 = performance.now();
  const hyper = validateHyper(s.hyper);
  const rngBefore = s.rng.getState();
  let scored: Scored[];
  try {
    scored = await sampleGroups(s, hooks);
  } catch (e) {
    s.rng = Rng.fromState(rngBefore); // nothing happened: a retry draws the same prompts
    throw e;
  }
  const t1 = performance.now();
  const outputs = scored.length * hyper.group;
  const rows: BatchRow[] = scored.flatMap((g) =>
    g.completions.map((c, i) => ({
      prompt: g.promptIds,
      output: c.ids,
      advantages: g.adv.perToken[i], // all 0 in a skipped group: only its KL term acts
      weight: 1 / (c.ids.length * outputs),
    })),
  );
  const outputTokens = scored.reduce((n, g) => n + g.completions.reduce((m, c) => m + c.ids.length, 0), 0);
  const b = buildBatch(rows, s.tokenizer.specialTokens.eos);
  const T = b.inputs.shape[1];
  let result: Awaited<ReturnType<typeof updates>>;
  try {
    result = await updates(s, b, outputTokens);
  } finally {
    disposeBatch(b);
  }
  s.step++;
  const { inner, arrays: a } = result;
  let row = 0;
  const groups: GroupRecord[] = scored.map((g) => ({
    prompt: g.prompt,
    mean: g.adv.mean,
    std: g.adv.std,
    skipped: g.adv.skipped,
    outputs: g.completions.map((c, i): OutputRecord => {
      const n = row++;
      const pick = (d: Float32Array) => rowSpan(d, T, n, b.spans[n]);
      return {
        ...c,
        reward: g.rewards[i].reward,
        ...(g.rewards[i].steps ? { steps: g.rewards[i].steps } : {}),
        advantage: g.adv.perOutput[i],
        advantages: g.adv.perToken[i],
        logpOld: pick(a.old),
        logpRef: pick(a.ref),
        ratio: pick(a.ratio),
        clipped: pick(a.clipped).map((x) => x > 0),
        kl: pick(a.kl),
        ratioAfter: pick(a.after),
      };
    }),
  }));
  const all = groups.flatMap((g) => g.outputs.map((o) => o.reward));
  const last = inner[inner.length - 1];
  const t2 = performance.now();
  return {
    step: s.step,
    task: s.task.name,
    groups,
    meanReward: all.reduce((x, r) => x + r, 0) / all.length,
    loss: last.loss,
    kl: last.kl,
    inner,
    lr: hyper.lr,
    referenceStep: s.referenceStep,
    ms: { sample: t1 - t0, update: t2 - t1, total: t2 - t0 },
  };
}
