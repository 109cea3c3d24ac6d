/**
 * The two halves of a training step, so they can also run apart (gradients on several workers,
 * averaged, then the same update everywhere):
 *
 *   lossGradients: loss = LM + Σ_MoE layers (α1·L_ExpBal/α1 + α2·L_DevBal/α2 + α3·L_CommBal/α3)
 *                  (docs/model.md#balance-in-training) and its gradient for every parameter, by tf.variableGrads;
 *   proposeUpdate: global-norm clipping and an AdamW proposal, not yet assigned.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../model/config';
import type { ForwardOptions } from '../model/model';
import type { Rng } from '../model/rng';
import type { AdamWProposal } from './adamw';
import { clipScale, globalNorm, sumScalars } from './adamw';
import { balanceLosses, totalAux } from './balanceLosses';
import type { Batch } from './data';
import { lmLoss } from './lmLoss';
import type { TrainState } from './trainState';

/** Gradients and loss terms of one batch. Tensors owned by the caller. */
export interface LossGradients {
  /** one per parameter, in the optimizer's order. */
  grads: tf.Tensor[];
  /** [loss, lm, aux total, then expert, device, comm (L/α) for each MoE layer]. */
  terms: tf.Tensor1D;
  /** layer index of each MoE layer in `terms`. */
  moeLayers: number[];
  /** token–expert pairs removed by token dropping. */
  dropped: number;
}

/** One MoE layer's balance losses, un-multiplied (L/α; 1 = balanced). */
export interface LayerAux {
  layer: number;
  expert: number;
  device: number;
  comm: number;
}

/** The loss terms on the host. */
export interface LossTerms {
  loss: number;
  lmLoss: number;
  aux: { layers: LayerAux[]; total: number };
}

/** Per sequence: true when it is protected from token dropping (docs/model.md#token-dropping); null when dropping is off. */
export function drawProtected(rng: Rng, c: DeepseekV2Config, B: number): boolean[] | null {
  if (!(c.device_capacity_factor > 0) || c.n_routed_experts === null) return null;
  return Array.from({ length: B }, () => rng.next() < c.no_drop_fraction);
}

/** Inputs [B, T] and targets [B, T] (the same windows shifted by one) of a batch. */
export function inputsAndTargets(batch: Batch): [tf.Tensor2D, tf.Tensor2D] {
  const { B, T } = batch;
  return tf.tidy(() => {
    const all = tf.tensor2d(batch.tokens, [B, T + 1], 'int32'); // [B, T+1]
    return [tf.slice(all, [0, 0], [B, T]), tf.slice(all, [0, 1], [B, T])] as [tf.Tensor2D, tf.Tensor2D]; // [B, T] ×2
  });
}

/** The loss on `batch` and its gradient for every parameter. */
export function lossGradients(
  s: Pick<TrainState, 'config' | 'model' | 'optimizer'>,
  batch: Batch,
  protectedSequences: boolean[] | null,
): LossGradients {
  const c = s.config;
  const { B, T } = batch;
  const opts: ForwardOptions = protectedSequences
    ? { training: { dropping: { capacityFactor: c.device_capacity_factor, protectedSequences } } }
    : {};
  const vars = s.optimizer.params.map(([, v]) => v);
  const [x, y] = inputsAndTargets(batch);
  const kept: tf.Tensor[] = []; // [lm, aux, layerAux?] kept out of variableGrads' scope
  let moeLayers: number[] = [];
  let dropped = 0;
  const { value, grads } = tf.variableGrads(() => {
    const out = s.model.forward(x, opts);
    const lm = lmLoss(out.logits, y); // []
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
    const aux = sumScalars(per.map((l) => totalAux(c, l))); // []
    kept.push(tf.keep(lm), tf.keep(aux));
    if (per.length) kept.push(tf.keep(tf.stack(per.flatMap((l) => [l.expert, l.device, l.comm])))); // [3·nMoe]
    return tf.add(lm, aux) as tf.Scalar; // []
  }, vars);
  const g = vars.map((v) => grads[v.name] ?? tf.zerosLike(v)); // a parameter off the path has gradient 0
  const terms = tf.tidy(() => tf.concat([tf.stack([value, kept[0], kept[1]]), ...kept.slice(2)])) as tf.Tensor1D; // [3 + 3·nMoe]
  tf.dispose([x, y, value, ...kept, ...Object.values(grads).filter((t) => !g.includes(t))]);
  return { grads: g, terms, moeLayers, dropped };
}

/** Clips `grads` to the global norm gradClip and proposes the AdamW update; check is [gradNorm, Σ new weights, max |new weight|]. */
export function proposeUpdate(
  s: Pick<TrainState, 'optimizer' | 'hyper'>,
  grads: tf.Tensor[],
  lr: number,
): { proposal: AdamWProposal; check: tf.Tensor1D } {
  const norm = globalNorm(grads); // []
  const scale = clipScale(norm, s.hyper.gradClip); // []
  const proposal = s.optimizer.propose(grads, lr, scale);
  const check = tf.tidy(() => {
    const weightSum = sumScalars(proposal.params.map((p) => tf.sum(p))); // NaN or ±∞ if any weight is
    const weightMax = proposal.params.map((p) => tf.max(tf.abs(p))).reduce((a, m) => tf.maximum(a, m)); // []
    return tf.stack([norm, weightSum, weightMax]) as tf.Tensor1D; // [3]
  });
  tf.dispose([norm, scale]);
  return { proposal, check };
}

/** Reads `terms` (see LossGradients) from host numbers. */
export function readTerms(h: ArrayLike<number>, moeLayers: number[]): LossTerms {
  const layers = moeLayers.map((layer, i) => ({
    layer,
    expert: h[3 + 3 * i],
    device: h[4 + 3 * i],
    comm: h[5 + 3 * i],
  }));
  return { loss: h[0], lmLoss: h[1], aux: { layers, total: h[2] } };
}

/** The first non-finite value of a step, or null when it may be applied. */
export function nonFinite(
  loss: number,
  gradNorm: number,
  weightSum: number,
): ['loss' | 'gradient' | 'weights', number] | null {
  if (!Number.isFinite(loss)) return ['loss', loss];
  if (!Number.isFinite(gradNorm)) return ['gradient', gradNorm];
  if (!Number.isFinite(weightSum)) return ['weights', weightSum];
  return null;
}
