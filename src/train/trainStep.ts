/**
 * One training step as a pure function of the state and a batch, emitting events:
 *
 *   loss = LM + Σ_MoE layers (α1·L_ExpBal/α1 + α2·L_DevBal/α2 + α3·L_CommBal/α3)   (spec §4.5)
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
import { namedParams } from '../model/params';
import { Rng, type RngState } from '../model/rng';
import { initWeights, type HostWeights } from '../model/weights';
import { AdamW, clipScale, globalNorm } from './adamw';
import { balanceLosses, totalAux } from './balanceLosses';
import type { Batch } from './data';
import { lmLoss } from './lmLoss';
import { learningRate } from './schedule';
import type { TrainHyperParams } from './trainConfig';

export interface TrainState {
  readonly config: DeepseekV2Config;
  readonly hyper: TrainHyperParams;
  /** the model, every parameter a tf.Variable. */
  readonly model: DeepseekV2Model;
  readonly optimizer: AdamW;
  /** draws the sequences protected from token dropping (spec §4.6). */
  rng: Rng;
}

/** One MoE layer's balance losses, un-multiplied (L/α; 1 = balanced). */
export interface LayerAux {
  layer: number;
  expert: number;
  device: number;
  comm: number;
}

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

/** The learning rate of the next update. */
export function nextLearningRate(s: TrainState): number {
  const h = s.hyper;
  return learningRate(s.optimizer.step, {
    lr: h.lr,
    minLr: h.minLr,
    warmupSteps: h.warmupSteps,
    totalSteps: h.steps,
    decay: h.decay,
  });
}

/** Inputs [B, T] and targets [B, T] (the same windows shifted by one) of a batch. */
function inputsAndTargets(batch: Batch): [tf.Tensor2D, tf.Tensor2D] {
  const { B, T } = batch;
  return tf.tidy(() => {
    const all = tf.tensor2d(batch.tokens, [B, T + 1], 'int32'); // [B, T+1]
    return [tf.slice(all, [0, 0], [B, T]), tf.slice(all, [0, 1], [B, T])] as [tf.Tensor2D, tf.Tensor2D]; // [B, T] ×2
  });
}

/** One update on `batch`. Throws TrainingDivergedError (state untouched) on a non-finite value. */
export async function trainStep(s: TrainState, batch: Batch): Promise<StepEvents> {
  const t0 = performance.now();
  const c = s.config;
  const { B, T } = batch;
  const lr = nextLearningRate(s);
  const step = s.optimizer.step + 1;
  const opts: ForwardOptions = {};
  if (c.device_capacity_factor > 0 && c.n_routed_experts !== null) {
    const protectedSequences = Array.from({ length: B }, () => s.rng.next() < c.no_drop_fraction);
    opts.training = { dropping: { capacityFactor: c.device_capacity_factor, protectedSequences } };
  }
  const vars = s.optimizer.params.map(([, v]) => v);
  const [x, y] = inputsAndTargets(batch);
  let lm: tf.Scalar | null = null;
  let aux: tf.Scalar | null = null;
  let layerAux: tf.Tensor | null = null; // [nMoe, 3]
  let moeLayers: number[] = [];
  let dropped = 0;
  const { value, grads } = tf.variableGrads(() => {
    const out = s.model.forward(x, opts);
    const lmT = lmLoss(out.logits, y); // []
    const per = out.routers.map((r) =>
      balanceLosses(r.router.probs, r.router.mask, c, {
        B,
        T,
        seqAux: c.seq_aux,
        topK: r.router.k,
        topkGroup: r.router.topkGroup,
      }),
    );
    moeLayers = out.routers.map((r) => r.layer);
    dropped = out.routers.reduce((n, r) => n + (r.dropped?.count ?? 0), 0);
    const auxT = per.length ? tf.addN(per.map((l) => totalAux(c, l))) : tf.scalar(0); // []
    lm = tf.keep(lmT);
    aux = tf.keep(auxT);
    layerAux = per.length ? tf.keep(tf.stack(per.map((l) => tf.stack([l.expert, l.device, l.comm])))) : null; // [nMoe, 3]
    return tf.add(lmT, auxT) as tf.Scalar; // []
  }, vars);
  const g = vars.map((v) => grads[v.name] ?? tf.zerosLike(v)); // a parameter off the path has gradient 0
  const norm = globalNorm(g);
  const scale = clipScale(norm, s.hyper.gradClip); // []
  const proposal = s.optimizer.propose(g, lr, scale);
  const summary = tf.tidy(() => {
    const weightSum = tf.addN(proposal.params.map((p) => tf.sum(p))); // NaN or ±∞ if any weight is
    const head = tf.stack([value, lm as unknown as tf.Scalar, aux as unknown as tf.Scalar, norm, weightSum]); // [5]
    return layerAux ? tf.concat([head, tf.reshape(layerAux, [-1])]) : head; // [5 + 3·nMoe]
  });
  tf.dispose([x, y, value, norm, scale, ...g, ...Object.values(grads)]);
  tf.dispose([lm, aux] as unknown as tf.Tensor[]);
  if (layerAux) tf.dispose(layerAux);
  let h: Float32Array;
  try {
    h = (await summary.data()) as Float32Array;
  } finally {
    summary.dispose();
  }
  const [loss, lmValue, auxTotal, gradNorm, weightSum] = h;
  const bad: [TrainingDivergedError['what'], number] | null = !Number.isFinite(loss)
    ? ['loss', loss]
    : !Number.isFinite(gradNorm)
      ? ['gradient', gradNorm]
      : !Number.isFinite(weightSum)
        ? ['weights', weightSum]
        : null;
  if (bad) {
    s.optimizer.discard(proposal);
    throw new TrainingDivergedError(step, bad[0], bad[1], lr);
  }
  s.optimizer.commit(proposal);
  const layers = moeLayers.map((layer, i) => ({
    layer,
    expert: h[5 + 3 * i],
    device: h[6 + 3 * i],
    comm: h[7 + 3 * i],
  }));
  return {
    step,
    loss,
    lmLoss: lmValue,
    aux: { layers, total: auxTotal },
    gradNorm,
    lr,
    tokens: B * T,
    dropped,
    ms: performance.now() - t0,
  };
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
