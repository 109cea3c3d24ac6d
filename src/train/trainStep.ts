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
import { DeepseekV2Model } from '../model/model';
import { namedParams } from '../model/params';
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

/** A step that would have made the weights non-finite; nothing was changed. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  /**
   * @param kept what was kept, for the message (default: the in-memory weights of the step before).
   */
  constructor(
    readonly step: number,
    readonly what: 'loss' | 'gradient' | 'weights',
    readonly value: number,
    readonly lr: number,
    kept = `the weights of step ${step - 1} are kept`,
  ) {
    super(
      `training diverged at step ${step}: the ${what === 'weights' ? 'updated weights would be' : `${what} is`} ` +
        `${value} at lr ${lr.toPrecision(3)}; ${kept}; lower train.lr`,
    );
  }
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
): Promise<StepEvents> {
  const t0 = performance.now();
  const lr = nextLearningRate(s);
  const step = s.optimizer.step + 1;
  const g = lossGradients(s, batch, protectedSequences);
  const { proposal, check } = proposeUpdate(s, g.grads, lr);
  const summary = tf.concat([g.terms, check]); // [3 + 3·nMoe + 2]
  tf.dispose([...g.grads, g.terms, check]);
  let h: Float32Array;
  try {
    h = (await summary.data()) as Float32Array; // the step's one readback
  } finally {
    summary.dispose();
  }
  const terms = readTerms(h, g.moeLayers);
  const [gradNorm, weightSum] = h.subarray(h.length - 2);
  const bad = nonFinite(terms.loss, gradNorm, weightSum);
  if (bad) {
    s.optimizer.discard(proposal);
    throw new TrainingDivergedError(step, bad[0], bad[1], lr);
  }
  s.optimizer.commit(proposal);
  return { step, ...terms, gradNorm, lr, tokens: batch.B * batch.T, dropped: g.dropped, ms: performance.now() - t0 };
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
