/**
 * The load-balance lab's trainer: the CLI's training step (trainStep: LM + balance losses,
 * token dropping, clipping, AdamW, the non-finite check) run one step at a time on a lab config,
 * with the routing of every step read back for the views.
 *
 * The routing is observed, not recomputed: ObservedModel is the same model (it shares the
 * parameters) whose forward also packs f, P and the groups reached of each MoE layer from the
 * router outputs the losses were computed from, so the lab adds no training math of its own.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DeepseekV2Model, type ForwardOptions, type ForwardResult, type TokenBatch } from '../../model/model';
import { nRouted } from '../../model/router';
import { loadEntropy, maxOverMean, topShare, type RoutingShape } from '../../model/routingStats';
import type { RngState } from '../../model/rng';
import type { HostWeights } from '../../model/weights';
import type { AdamWState } from '../adamw';
import { TokenStream, type DataPosition } from '../data';
import { snapshotState } from '../resume';
import type { TrainState } from '../trainState';
import { drawProtected } from '../lossGrads';
import {
  SEED_OFFSETS,
  TrainingDivergedError,
  createTrainState,
  disposeTrainState,
  divergedWhat,
  trainStep,
} from '../trainStep';
import type { LabLayerEvent, LabStepEvent } from './labEvents';
import { labConfig, labHyper, needsReset, type LabSettings } from './labSettings';
import { packedWidth, packRouting, unpackRouting } from './routingReadback';
import { biasUpdate } from './biasBalancing';
import { isMoeParams } from '../../model/params';
import { expectedShapes, isRouterBias } from '../../model/weights';

/** The model, plus a packed routing summary of each MoE layer of its last forward. */
class ObservedModel extends DeepseekV2Model {
  /** per MoE layer: packRouting's counts (kept tensors), the routing's N_r, K, D, M and dropped pairs. */
  captured: { layer: number; stats: tf.Tensor1D; shape: RoutingShape; dropped: number }[] = [];

  override forward(ids: TokenBatch, opts: ForwardOptions = {}): ForwardResult {
    const out = super.forward(ids, opts);
    this.release();
    this.captured = out.routers.map((r) => ({
      layer: r.layer,
      stats: tf.keep(packRouting(r.router, this.config.n_group)), // [2·Nr + D + 1]
      shape: {
        nRouted: nRouted(this.config),
        k: r.router.k,
        nGroup: this.config.n_group,
        topkGroup: r.router.topkGroup,
      },
      dropped: r.dropped?.count ?? 0,
    }));
    return out;
  }

  release(): void {
    tf.dispose(this.captured.map((c) => c.stats));
    this.captured = [];
  }
}

/**
 * Training stopped on a step that would have broken the weights; that step was not committed, so
 * the trainer still holds the weights (and AdamW moments) of the step before and goes on from
 * them at a lower learning rate.
 */
export class LabDivergedError extends Error {
  override name = 'LabDivergedError';
  constructor(readonly cause: TrainingDivergedError) {
    super(
      `Training stopped at step ${cause.step}: ${divergedWhat(cause.what, cause.value)} at learning rate ` +
        `${cause.lr.toPrecision(3)}. The weights of step ${cause.step - 1} are kept; lower the learning rate to go on.`,
    );
  }
}

/** What a run needs to continue exactly where it was: weights, AdamW moments and step, data position, dropping draws. */
export interface LabCheckpoint {
  weights: HostWeights;
  optimizer: AdamWState;
  data: DataPosition;
  rng: RngState;
}

/** `w` with a zero selection bias for every MoE layer that lacks one (V2 weights, e.g. the shipped model's, trained in V3 mode). */
function withZeroBias(c: ReturnType<typeof labConfig>, w: HostWeights): HostWeights {
  const out: HostWeights = new Map(w);
  for (const [name, shape] of expectedShapes(c)) {
    if (isRouterBias(name) && !out.has(name)) out.set(name, { shape, data: new Float32Array(shape[0]) });
  }
  return out;
}

export class BalanceLabTrainer {
  private constructor(
    private state: TrainState,
    private model: ObservedModel,
    private readonly stream: TokenStream,
    private current: LabSettings,
  ) {}

  /**
   * A trainer for `settings` on the encoded corpus `tokens`; `shipped` are the shipped model's
   * weights when settings.start is 'shipped'. Gradients must be registered (see trainStep.ts).
   */
  static create(settings: LabSettings, tokens: Int32Array, shipped: HostWeights | null = null): BalanceLabTrainer {
    const hyper = labHyper(settings);
    if (settings.start === 'shipped' && !shipped) throw new Error('the shipped weights have not been loaded');
    const stream = new TokenStream(tokens, hyper.batchSize, hyper.seqLen, hyper.seed + SEED_OFFSETS.data);
    const config = labConfig(settings);
    const base = createTrainState(
      config,
      hyper,
      settings.start === 'shipped' && shipped ? withZeroBias(config, shipped) : undefined,
    );
    return BalanceLabTrainer.observe(base, stream, settings);
  }

  /** A trainer that continues from `ck` (saved with `checkpoint`) under `settings`, on the active backend. */
  static resume(settings: LabSettings, tokens: Int32Array, ck: LabCheckpoint): BalanceLabTrainer {
    const hyper = labHyper(settings);
    const stream = new TokenStream(tokens, hyper.batchSize, hyper.seqLen, ck.data);
    const base = createTrainState(labConfig(settings), hyper, ck.weights, ck.rng);
    try {
      base.optimizer.importState(ck.optimizer);
    } catch (e) {
      disposeTrainState(base);
      throw e;
    }
    return BalanceLabTrainer.observe(base, stream, settings);
  }

  private static observe(base: TrainState, stream: TokenStream, settings: LabSettings): BalanceLabTrainer {
    const model = new ObservedModel(base.config, base.model.params);
    return new BalanceLabTrainer({ ...base, model }, model, stream, settings);
  }

  /** Updates applied so far. */
  get stepCount(): number {
    return this.state.optimizer.step;
  }

  get settings(): LabSettings {
    return this.current;
  }

  /** The parameters, for tests (same tensors the optimizer updates). */
  get params(): DeepseekV2Model['params'] {
    return this.model.params;
  }

  /**
   * Applies settings that keep the weights (α, K, groups, dropping, lr) from the next step on.
   * Throws when `next` changes the model, start, seed or batch shape (those need a new trainer).
   */
  update(next: LabSettings): void {
    if (needsReset(this.current, next)) throw new Error('these settings need a reset');
    const config = labConfig(next);
    const model = new ObservedModel(config, this.model.params);
    this.model.release();
    this.model = model;
    this.state = { ...this.state, config, hyper: labHyper(next), model };
    this.current = next;
  }

  /** V3 mode: the selection bias of each MoE layer as a variable, or none in V2 mode. */
  private biasVariables(): { layer: number; bias: tf.Variable }[] {
    return this.model.params.layers.flatMap((l, layer) => {
      const b = isMoeParams(l.mlp) ? l.mlp.eScoreCorrectionBias : null;
      return b ? [{ layer, bias: b as tf.Variable }] : [];
    });
  }

  /**
   * V3's bias balancing after a committed step (src/train/lab/biasBalancing.ts): each layer's bias
   * moves by γ toward the mean load of this step. Returns the new biases by layer.
   */
  private async balanceBiases(loads: Map<number, number[]>): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (const { layer, bias } of this.biasVariables()) {
      const load = loads.get(layer);
      if (!load) continue;
      const next = biasUpdate(Array.from((await bias.data()) as Float32Array), load, this.current.gamma);
      const t = tf.tensor1d(next); // [Nr]
      bias.assign(t);
      t.dispose();
      out.set(layer, next);
    }
    return out;
  }

  /** One training step on the next batch. Throws LabDivergedError (weights untouched) on NaN/Inf. */
  async step(): Promise<LabStepEvent> {
    const t0 = performance.now();
    const batch = this.stream.next();
    let e;
    try {
      // the loss after the update is checked too, before the step is committed
      e = await trainStep(this.state, batch, drawProtected(this.state.rng, this.state.config, batch.B), {
        nextLoss: true,
      });
    } catch (err) {
      this.model.release();
      if (err instanceof TrainingDivergedError) throw new LabDivergedError(err);
      throw err;
    }
    const captured = this.model.captured;
    this.model.captured = [];
    const packed = tf.concat(captured.map((c) => c.stats)); // [nMoe·(2·Nr + D + 1)]
    tf.dispose(captured.map((c) => c.stats));
    let h: Float32Array;
    try {
      h = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const c = this.state.config;
    const width = packedWidth(nRouted(c), c.n_group);
    const layers: LabLayerEvent[] = captured.map((cap, i) => {
      const stats = unpackRouting(h.subarray(i * width, (i + 1) * width), e.tokens, cap.shape);
      const aux = e.aux.layers[i];
      return {
        layer: cap.layer,
        ...stats,
        expert: aux.expert,
        device: aux.device,
        comm: aux.comm,
        maxLoad: maxOverMean(stats.f),
        entropy: loadEntropy(stats.f),
        top2Share: topShare(stats.f, 2),
        dropped: cap.dropped,
      };
    });
    if (this.current.balancing === 'bias') {
      const biases = await this.balanceBiases(new Map(layers.map((l) => [l.layer, l.f])));
      for (const l of layers) l.bias = biases.get(l.layer);
    }
    const mean = (pick: (l: LabLayerEvent) => number) => layers.reduce((a, l) => a + pick(l), 0) / layers.length;
    const ms = performance.now() - t0;
    const assignments = c.num_experts_per_tok * e.tokens * layers.length;
    return {
      step: e.step,
      loss: e.loss,
      lmLoss: e.lmLoss,
      auxTotal: e.aux.total,
      balance: { expert: mean((l) => l.expert), device: mean((l) => l.device), comm: mean((l) => l.comm) },
      layers,
      maxLoad: Math.max(...layers.map((l) => l.maxLoad)),
      entropy: mean((l) => l.entropy),
      dropShare: assignments > 0 ? e.dropped / assignments : 0,
      groupsMax: Math.max(...layers.map((l) => l.groupsMax)),
      lr: e.lr,
      gradNorm: e.gradNorm,
      tokens: e.tokens,
      ms,
      tokensPerSec: (e.tokens * 1000) / ms,
    };
  }

  /** Everything `resume` needs, downloaded to the host (no tensors are kept). */
  async checkpoint(): Promise<LabCheckpoint> {
    const data = this.stream.position(); // taken before the downloads' awaits, with the weights they belong to
    const rng = this.state.rng.getState();
    const { weights, optimizer } = await snapshotState(this.state);
    return { weights, optimizer, data, rng };
  }

  /** The current weights on the host (Hugging Face names). */
  weights(): Promise<HostWeights> {
    return this.model.toHostWeights();
  }

  dispose(): void {
    this.model.release();
    disposeTrainState(this.state);
  }
}
