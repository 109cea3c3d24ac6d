/**
 * The one record a forward pass or decode step leaves for the views (style habit 4): per layer
 * the MLA internals, per MoE layer the routing and the balance statistics. The model fills a
 * PendingTrace (tensors, only when recording); readTrace downloads it asynchronously into plain
 * arrays and disposes its tensors. With recording off nothing extra is computed or kept.
 */
import * as tf from '@tensorflow/tfjs-core';
import { balanceStats, type BalanceStats } from '../train/balanceLosses';
import type { DeepseekV2Config } from './config';
import type { AttentionPath, MlaRecord } from './mla';
import { disposeMoeOutput, readMoeTrace, type MoeOutput, type MoeTrace } from './moe';

/** A downloaded tensor: row-major float32 data and its shape. */
export interface TraceArray {
  shape: number[];
  data: Float32Array;
}

/** One layer's MLA internals. Token rows are b-major (row b·T + t); S = keys (cached + new). */
export interface AttentionTrace {
  layer: number;
  /** [B·T, d_c'] c^Q before / after q_a_layernorm; null without query compression. */
  cQPreNorm: TraceArray | null;
  cQ: TraceArray | null;
  /** [B·T, d_c] c^KV before / after kv_a_layernorm (the latter is what the cache holds). */
  cKVPreNorm: TraceArray;
  cKV: TraceArray;
  /** [B·T, d_h^R] the shared RoPE key before / after RoPE (the latter is cached). */
  kRPreRope: TraceArray;
  kR: TraceArray;
  /** [B·T, n_h, d_h^R] the per-head RoPE queries before / after RoPE. */
  qRPreRope: TraceArray;
  qR: TraceArray;
  /** [B, n_h, T, S] softmax(σ·(nope + rope) + causal mask). */
  probs: TraceArray;
  /** [B, n_h, T, S] q^C·k^C, unscaled (position-free term). */
  nopeLogits: TraceArray;
  /** [B, n_h, T, S] q^R·k^R, unscaled (positional term). */
  ropeLogits: TraceArray;
  /** max |naive − absorbed| over the layer's attention output, when compareAttention was set. */
  pathDiff: number | null;
}

/** One MoE layer: routing per token (rows b-major), and the balance statistics of this pass. */
export interface MoeLayerTrace extends MoeTrace {
  layer: number;
  /** K and M the router actually used (after interventions). */
  topK: number;
  topkGroup: number;
  /** f, P, f', P', f'' and the three balance losses (un-multiplied, 1 = balanced). */
  balance: BalanceStats;
}

export interface ModelTrace {
  kind: 'forward' | 'prefill' | 'decode';
  /** B sequences of T new tokens each. */
  batch: number;
  queries: number;
  /** position of the first new token; keys = start + T. */
  start: number;
  keys: number;
  /** [B][T] the input token ids. */
  tokens: number[][];
  attentionPath: AttentionPath;
  /** one per layer. */
  attention: AttentionTrace[];
  /** one per MoE layer, in layer order. */
  moe: MoeLayerTrace[];
  /** bytes held by the latent KV cache after this step; null without a cache. */
  cacheBytes: number | null;
}

/** What the model keeps while recording; owned by whoever holds it until readTrace/disposeTrace. */
export interface PendingTrace {
  meta: Omit<ModelTrace, 'attention' | 'moe' | 'tokens'>;
  /** [B, T] int32 input ids. */
  ids: tf.Tensor2D;
  attention: { layer: number; record: MlaRecord; pathDiff: tf.Scalar | null }[];
  moe: { layer: number; out: MoeOutput }[];
}

/** The tensors a pending trace holds besides its MoE outputs. */
function allTensors(p: PendingTrace): tf.Tensor[] {
  const out: tf.Tensor[] = [p.ids];
  for (const a of p.attention) {
    for (const t of Object.values(a.record)) if (t) out.push(t as tf.Tensor);
    if (a.pathDiff) out.push(a.pathDiff);
  }
  return out;
}

/** Frees a pending trace without reading it. */
export function disposeTrace(p: PendingTrace | null): void {
  if (!p) return;
  tf.dispose(allTensors(p));
  for (const { out } of p.moe) disposeMoeOutput(out);
}

async function read(t: tf.Tensor): Promise<TraceArray> {
  return { shape: [...t.shape], data: (await t.data()) as Float32Array };
}

async function readOrNull(t: tf.Tensor | null): Promise<TraceArray | null> {
  return t ? read(t) : null;
}

/** Downloads a pending trace into plain arrays and disposes its tensors. */
export async function readTrace(c: DeepseekV2Config, p: PendingTrace): Promise<ModelTrace> {
  try {
    const attention = await Promise.all(
      p.attention.map(async ({ layer, record: r, pathDiff }): Promise<AttentionTrace> => {
        const [cQPreNorm, cQ] = await Promise.all([readOrNull(r.cQPreNorm), readOrNull(r.cQ)]);
        const [cKVPreNorm, cKV, kRPreRope, kR, qRPreRope, qR, probs, nopeLogits, ropeLogits] = await Promise.all(
          [r.cKVPreNorm, r.cKV, r.kRPreRope, r.kR, r.qRPreRope, r.qR, r.probs, r.nopeLogits, r.ropeLogits].map(read),
        );
        const diff = pathDiff ? (await pathDiff.data())[0] : null;
        return {
          layer,
          cQPreNorm,
          cQ,
          cKVPreNorm,
          cKV,
          kRPreRope,
          kR,
          qRPreRope,
          qR,
          probs,
          nopeLogits,
          ropeLogits,
          pathDiff: diff,
        };
      }),
    );
    const layout = { B: p.meta.batch, T: p.meta.queries, seqAux: c.seq_aux };
    const moe = await Promise.all(
      p.moe.map(async ({ layer, out }): Promise<MoeLayerTrace> => {
        const r = out.router;
        const [routing, balance] = await Promise.all([
          readMoeTrace(out),
          balanceStats(r.probs, r.mask, c, { ...layout, topK: r.k, topkGroup: r.topkGroup }),
        ]);
        return { layer, topK: r.k, topkGroup: r.topkGroup, ...routing, balance };
      }),
    );
    const tokens = (await p.ids.array()) as number[][];
    return { ...p.meta, tokens, attention, moe };
  } finally {
    disposeTrace(p);
  }
}
