/**
 * One training step as a pure function of the state and a batch, emitting events:
 *
 *   loss = LM + Σ_MoE layers (α1·L_ExpBal/α1 + α2·L_DevBal/α2 + α3·L_CommBal/α3)   (docs/model.md#balance-in-training)
 *
 * Gradients by tf.variableGrads, global-norm clipping, AdamW, and one readback per step. A
 * non-finite loss, gradient or updated weight throws TrainingDivergedError before anything is
 * assigned, so the weights and optimizer state stay those of the last good step.
 *
 * tfjs-core alone has no gradients for its ops: the caller registers them once, with
 * `import '@tensorflow/tfjs-core/dist/register_all_gradients'` under Vite, or
 * `registerNodeGradients()` (src/cli/nodeGradients.ts) in Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../model/config';
import { DeepseekV2Model, type ForwardOptions } from '../model/model';
import { namedParams, withTensors } from '../model/params';
import { Rng, type RngState } from '../model/rng';
import { initWeights, type HostWeights } from '../model/weights';
import { AdamW } from './adamw';
import type { Batch } from './data';
import { lmLoss } from './lmLoss';
import {
  drawProtected,
  inputsAndTargets,
  lossGradients,
  nonFinite,
  proposeUpdate,
  readTerms,
  type LayerAux,
} from './lossGrads';
import { learningRate } from './schedule';
import type { TrainHyperParams } from './trainConfig';
import type { TrainState } from './trainState';

/** What a step did. */
export interface StepEvents {
  /** updates applied so far, this one included. */
  step: number;
  /** LM + weighted aux: the quantity differentiated. */
  loss: number;
  /** next-token cross-entropy, nats per token. */
  lmLoss: number;
  /** per-layer balance losses and their weighted total Σ α·L/α. */
  aux: { layers: LayerAux[]; total: number };
  /** global gradient norm before clipping. */
  gradNorm: number;
  /** learning rate of this update. */
  lr: number;
  /** tokens trained on (B·T). */
  tokens: number;
  /** token–expert pairs removed by token dropping (0 when it is off). */
  dropped: number;
  /** wall time of the step, ms. */
  ms: number;
}

/**
 * The largest |weight| a step may leave: far above any trained weight here (they stay within a few
 * units), far below where float32 activations and their gradients overflow. An update past it (lr
 * 1e9 gives weights near 1e9 whose forward is still finite but whose next gradient is NaN) is
 * refused before it is committed.
 */
export const MAX_WEIGHT = 1e4;

/** What made a step unusable: a non-finite loss or gradient, non-finite or too large updated weights, or the loss after the update. */
export type DivergedWhat = 'loss' | 'gradient' | 'weights' | 'weight size' | 'next loss';

/** A step that would have made the weights unusable; nothing was changed. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  /**
   * @param kept what was kept, for the message (default: the in-memory weights of the step before).
   */
  constructor(
    readonly step: number,
    readonly what: DivergedWhat,
    readonly value: number,
    readonly lr: number,
    kept = `the weights of step ${step - 1} are kept`,
  ) {
    super(
      `training diverged at step ${step}: ${divergedWhat(what, value)} at lr ${lr.toPrecision(3)}; ${kept}; lower train.lr`,
    );
  }
}

/** "the loss is NaN", "the updated weights would reach 1.2e+9 (at most 1e+4)", … */
export function divergedWhat(what: DivergedWhat, value: number): string {
  switch (what) {
    case 'weights':
      return `the updated weights would be ${value}`;
    case 'weight size':
      return `the updated weights would reach ${value.toPrecision(2)} (at most ${MAX_WEIGHT.toExponential(0)})`;
    case 'next loss':
      return `the loss after the update would be ${value}`;
    default:
      return `the ${what} is ${value}`;
  }
}

/** What a step checks before it commits, besides finite loss, gradient and weights under MAX_WEIGHT. */
export interface StepChecks {
  /** also run the batch again through the updated weights and refuse a non-finite loss (one more forward). */
  nextLoss?: boolean;
}

/** Seeds derived from the run seed, so the three random streams never coincide. */
export const SEED_OFFSETS = { weights: 0, data: 1, dropping: 2 } as const;

/** A fresh training state: weights from `weights` (default: initWeights with the run seed). */
export function createTrainState(
  config: DeepseekV2Config,
  hyper: TrainHyperParams,
  weights: HostWeights = initWeights(config, hyper.seed + SEED_OFFSETS.weights),
  rng: RngState | null = null,
): TrainState {
  if (!tf.getGradient('Multiply')) {
    throw new Error(
      "tfjs gradients are not registered: import '@tensorflow/tfjs-core/dist/register_all_gradients' " +
        '(Vite) or call registerNodeGradients() (Node) first',
    );
  }
  const model = DeepseekV2Model.fromHostWeights(config, weights, { trainable: true });
  const params = namedParams(model.params).map(([name, t]) => [name, t as tf.Variable] as const);
  const optimizer = new AdamW(params, {
    beta1: hyper.beta1,
    beta2: hyper.beta2,
    eps: hyper.eps,
    weightDecay: hyper.weightDecay,
  });
  return {
    config,
    hyper,
    model,
    optimizer,
    rng: rng ? Rng.fromState(rng) : new Rng(hyper.seed + SEED_OFFSETS.dropping),
  };
}

export function disposeTrainState(s: TrainState): void {
  s.model.dispose();
  s.optimizer.dispose();
}

/** The learning rate of the update after `done` updates, under the run's schedule. */
export function scheduledLr(h: TrainHyperParams, done: number): number {
  return learningRate(done, {
    lr: h.lr,
    minLr: h.minLr,
    warmupSteps: h.warmupSteps,
    totalSteps: h.steps,
    decay: h.decay,
  });
}

/** The learning rate of the next update. */
export function nextLearningRate(s: TrainState): number {
  return scheduledLr(s.hyper, s.optimizer.step);
}

/**
 * One update on `batch`. Throws TrainingDivergedError (state untouched) on a non-finite value.
 * `protectedSequences` (token dropping) defaults to a draw from the state's generator.
 */
export async function trainStep(
  s: TrainState,
  batch: Batch,
  protectedSequences: boolean[] | null = drawProtected(s.rng, s.config, batch.B),
  checks: StepChecks = {},
): Promise<StepEvents> {
  const t0 = performance.now();
  const lr = nextLearningRate(s);
  const step = s.optimizer.step + 1;
  const g = lossGradients(s, batch, protectedSequences);
  const { proposal, check } = proposeUpdate(s, g.grads, lr);
  const parts = [g.terms, check];
  if (checks.nextLoss) parts.push(lossAfter(s, proposal.params, batch, protectedSequences)); // [1]
  const summary = tf.concat(parts); // [3 + 3·nMoe + 3 (+ 1)]
  tf.dispose([...g.grads, ...parts]);
  let h: Float32Array;
  try {
    h = (await summary.data()) as Float32Array; // the step's one readback
  } finally {
    summary.dispose();
  }
  const terms = readTerms(h, g.moeLayers);
  const at = 3 + 3 * g.moeLayers.length;
  const [gradNorm, weightSum, weightMax] = h.subarray(at, at + 3);
  const bad =
    nonFinite(terms.loss, gradNorm, weightSum) ??
    (weightMax > MAX_WEIGHT ? (['weight size', weightMax] as const) : null) ??
    (checks.nextLoss && !Number.isFinite(h[at + 3]) ? (['next loss', h[at + 3]] as const) : null);
  if (bad) {
    s.optimizer.discard(proposal);
    throw new TrainingDivergedError(step, bad[0], bad[1], lr);
  }
  s.optimizer.commit(proposal);
  return { step, ...terms, gradNorm, lr, tokens: batch.B * batch.T, dropped: g.dropped, ms: performance.now() - t0 };
}

/** The LM loss of `batch` through the weights `params` (an update not yet committed), as [1]. */
function lossAfter(
  s: TrainState,
  params: tf.Tensor[],
  batch: Batch,
  protectedSequences: boolean[] | null,
): tf.Tensor1D {
  const c = s.config;
  const opts: ForwardOptions = protectedSequences
    ? { training: { dropping: { capacityFactor: c.device_capacity_factor, protectedSequences } } }
    : {};
  const model = new DeepseekV2Model(c, withTensors(s.model.params, params));
  return tf.tidy(() => {
    const [x, y] = inputsAndTargets(batch);
    return tf.reshape(lmLoss(model.forward(x, opts).logits, y), [1]); // [1]
  });
}

/** Mean LM loss over `batches` (no gradients, no token dropping). */
export async function evaluate(s: TrainState, batches: Batch[]): Promise<number> {
  if (batches.length === 0) return NaN;
  let sum = 0;
  for (const batch of batches) {
    const loss = tf.tidy(() => {
      const [x, y] = inputsAndTargets(batch);
      const out = s.model.forward(x);
      return lmLoss(out.logits, y); // []
    });
    sum += (await loss.data())[0];
    loss.dispose();
  }
  return sum / batches.length;
}
