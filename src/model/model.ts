/**
 * DeepseekV2ForCausalLM (DeepSeek-V2 §2, Figure 2; docs/model.md#the-decoder): embedding, l pre-norm decoder layers
 * (decoderLayer.ts: MLA, then a dense SwiGLU MLP or DeepSeekMoE), final RMSNorm and lm_head.
 * One code path serves the batched training forward ([B, T], every sequence at positions
 * 0 … T−1), the prompt prefill and the one-token decode step over the latent KV cache.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ropeDim, type DeepseekV2Config } from './config';
import { decoderLayer, type DecoderLayerOutput } from './decoderLayer';
import { embedLookup } from './embedding';
import { fusedDecodeStep, usesFusedDecode } from './fused/fusedDecode';
import { KvCache } from './kvCache';
import { linear } from './linear';
import type { AttentionPath } from './mla';
import type { DropReport, DroppingOptions } from './moe';
import { disposeParams, fromHostWeights, toHostWeights, type FromHostOptions, type ModelParams } from './params';
import { rmsNorm } from './rmsNorm';
import { RopeTables } from './rope';
import { cloneRouterOutput, disposeRouterOutput, type RouterOutput } from './router';
import type { ForwardOptions, StepResult, TrainingOptions } from './forwardOptions';
import { tidyObject } from './tidy';
import { disposeTrace, sampleRows, type PendingTrace } from './trace';
import { initWeights, type HostWeights } from './weights';

export type { ForwardOptions, Interventions, StepResult, TrainingOptions } from './forwardOptions';

/** The router output of one MoE layer, for the balance losses. */
export interface LayerRouting {
  layer: number;
  router: RouterOutput;
  dropped?: DropReport;
}

export interface ForwardResult {
  /** [B, T, V]. */
  logits: tf.Tensor3D;
  /** one per MoE layer, rows b-major [B·T, N_r]. */
  routers: LayerRouting[];
  trace: PendingTrace | null;
}

/** Token ids: [B][T] arrays or an int32 tensor [B, T]. */
export type TokenBatch = number[][] | tf.Tensor2D;

export class DeepseekV2Model {
  readonly rope: RopeTables;

  constructor(
    readonly config: DeepseekV2Config,
    public params: ModelParams,
  ) {
    this.rope = new RopeTables({ ...config, qk_rope_head_dim: ropeDim(config) });
  }

  /** A model from Hugging Face weights (validated). */
  static fromHostWeights(c: DeepseekV2Config, w: HostWeights, opts: FromHostOptions = {}): DeepseekV2Model {
    return new DeepseekV2Model(c, fromHostWeights(c, w, opts));
  }

  /** A freshly initialised model (weights.ts initWeights). */
  static init(c: DeepseekV2Config, seed: number, opts: FromHostOptions = {}): DeepseekV2Model {
    return DeepseekV2Model.fromHostWeights(c, initWeights(c, seed), opts);
  }

  /** An empty latent KV cache for this model. */
  newCache(): KvCache {
    return new KvCache(this.config);
  }

  /** Logits for every position of B sequences (each causal, positions 0 … T−1). Caller disposes. */
  forward(ids: TokenBatch, opts: ForwardOptions = {}): ForwardResult {
    const out = this.run(ids, null, 'forward', opts.attention ?? 'naive', opts);
    const [B, T] = out.shape;
    const logits = tf.reshape(out.logits, [B, T, this.config.vocab_size]) as tf.Tensor3D; // [B, T, V]
    out.logits.dispose();
    return { logits, routers: out.routers, trace: out.trace };
  }

  /** Appends a prompt to the cache; logits [T, V] for its positions. */
  prefill(ids: number[], cache: KvCache, opts: ForwardOptions = {}): StepResult<tf.Tensor2D> {
    const out = this.run([ids], cache, 'prefill', opts.attention ?? 'absorbed', opts);
    for (const { router } of out.routers) disposeRouterOutput(router);
    return { logits: out.logits, trace: out.trace };
  }

  /** Appends one token to the cache; logits [V] for the next position. */
  decodeStep(token: number, cache: KvCache, opts: ForwardOptions = {}): StepResult<tf.Tensor1D> {
    // WebGPU: the fused kernels (src/model/fused, docs/webgpu.md) when they cover the config and options
    if (usesFusedDecode(this.config, cache, opts)) return fusedDecodeStep(this, token, cache, opts);
    const r = this.prefill([token], cache, opts);
    if (r.trace) r.trace.meta.kind = 'decode';
    const logits = tf.reshape(r.logits, [this.config.vocab_size]) as tf.Tensor1D; // [V]
    r.logits.dispose();
    return { logits, trace: r.trace };
  }

  /** Weights back in Hugging Face form. */
  toHostWeights(): Promise<HostWeights> {
    return toHostWeights(this.config, this.params);
  }

  dispose(): void {
    disposeParams(this.params);
  }

  private idsTensor(ids: TokenBatch): tf.Tensor2D {
    const V = this.config.vocab_size;
    if (ids instanceof tf.Tensor) return tf.cast(ids, 'int32');
    const T = ids[0]?.length ?? 0;
    if (ids.length === 0 || T === 0) throw new Error('model: empty token batch');
    const flat = new Int32Array(ids.length * T);
    ids.forEach((row, b) => {
      if (row.length !== T) throw new Error(`model: sequence ${b} has ${row.length} tokens, expected ${T}`);
      row.forEach((id, t) => {
        if (!Number.isInteger(id) || id < 0 || id >= V) throw new RangeError(`model: token id ${id} outside [0, ${V})`);
        flat[b * T + t] = id;
      });
    });
    return tf.tensor2d(flat, [ids.length, T], 'int32'); // [B, T]
  }

  private run(
    tokens: TokenBatch,
    cache: KvCache | null,
    kind: 'forward' | 'prefill',
    path: AttentionPath,
    opts: ForwardOptions,
  ): { logits: tf.Tensor2D; routers: LayerRouting[]; trace: PendingTrace | null; shape: [number, number] } {
    const c = this.config;
    const p = this.params;
    const record = opts.record ?? false;
    const iv = opts.interventions ?? {};
    const start = cache ? cache.length : 0;
    const result = tidyObject(() => {
      const ids = this.idsTensor(tokens); // [B, T]
      const [B, T] = ids.shape;
      const dropping = droppingRows(opts.training, T);
      const trace: PendingTrace | null = record
        ? {
            meta: { kind, batch: B, queries: T, start, keys: start + T, attentionPath: path, cacheBytes: null },
            ids: tf.clone(ids),
            attention: [],
            moe: [],
            embedding: null,
            stream: [],
          }
        : null;
      const routers: LayerRouting[] = [];
      let x = embedLookup(p.embedTokens, tf.reshape(ids, [B * T])); // [B·T, d]
      if (trace) trace.embedding = sampleRows(x);
      p.layers.forEach((lp, l) => {
        const out = decoderLayer(lp, x, c, this.rope, {
          batch: B,
          path,
          cache: cache ? { cache, layer: l } : undefined,
          record,
          compareAttention: opts.compareAttention ?? false,
          moe: {
            topK: iv.topK,
            topkGroup: iv.topkGroup,
            disabledExperts: iv.disabledExperts?.[l],
            disableShared: iv.disableShared,
            dropping,
          },
        });
        x = out.hidden; // [B·T, d]
        if (out.moe) {
          const { router, dropped } = out.moe;
          routers.push({ layer: l, router, ...(dropped ? { dropped } : {}) });
        }
        if (trace) recordLayer(trace, l, out);
      });
      const hN = rmsNorm(x, p.norm, c.rms_norm_eps); // [B·T, d]
      const head = p.lmHead ?? (tf.transpose(p.embedTokens) as tf.Tensor2D); // [d, V]
      const logits = linear(hN, head); // [B·T, V]
      return { logits, routers, trace, shape: [B, T] as [number, number] };
    });
    if (result.trace && cache) result.trace.meta.cacheBytes = cache.bytes();
    return result;
  }
}

/** Token dropping per row: each sequence's protection repeated over its T tokens. */
function droppingRows(training: TrainingOptions | undefined, T: number): DroppingOptions | undefined {
  const drop = training?.dropping;
  if (!drop) return undefined;
  return {
    capacityFactor: drop.capacityFactor,
    protectedRows: drop.protectedSequences.flatMap((keep) => new Array<boolean>(T).fill(keep)),
  };
}

/**
 * What one layer leaves in the trace: MLA's internals, and a copy of the MoE routing (the
 * routers list keeps the originals for the losses, and either may be disposed first).
 */
function recordLayer(trace: PendingTrace, layer: number, out: DecoderLayerOutput): void {
  const { record, pathDiff } = out.attention;
  if (record) trace.attention.push({ layer, record, pathDiff });
  if (out.moe) trace.moe.push({ layer, out: { ...out.moe, router: cloneRouterOutput(out.moe.router) } });
  trace.stream.push({
    layer,
    attn: sampleRows(out.attention.out),
    ffn: sampleRows(out.ffn),
    out: sampleRows(out.hidden),
  });
}

/** Disposes a forward result's logits, routers and unread trace. */
export function disposeForwardResult(r: ForwardResult): void {
  r.logits.dispose();
  for (const { router } of r.routers) disposeRouterOutput(router);
  disposeTrace(r.trace);
}
